namespace Portal.Core.Common;

public enum AccessOutcome
{
    Found,
    NotFound,
    Forbidden,
}

/// <summary>A lookup that distinguishes "no such thing" from "not yours to see".</summary>
public sealed record AccessResult<T>(AccessOutcome Outcome, T? Value) where T : class
{
    public static AccessResult<T> Found(T value) => new(AccessOutcome.Found, value);
    public static AccessResult<T> NotFound() => new(AccessOutcome.NotFound, null);
    public static AccessResult<T> Forbidden() => new(AccessOutcome.Forbidden, null);
}
