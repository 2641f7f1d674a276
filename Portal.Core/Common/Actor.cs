namespace Portal.Core.Common;

/// <summary>Who is doing something: passed explicitly, because circuits and jobs have no HttpContext.</summary>
public sealed record Actor(Guid UserId, string Name)
{
    /// <summary>The screen the action came from; the events it raises carry it, so that screen does not update twice.</summary>
    public Guid? Origin { get; init; }
}
