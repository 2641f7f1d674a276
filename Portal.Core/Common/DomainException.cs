namespace Portal.Core.Common;

/// <summary>A rule of the domain was broken by a request; the message is safe to show to a user.</summary>
public class DomainException(string message) : Exception(message);
