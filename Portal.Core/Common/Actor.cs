namespace Portal.Core.Common;

/// <summary>Who is doing something: passed explicitly, because circuits and jobs have no HttpContext.</summary>
public sealed record Actor(Guid UserId, string Name);
