using Portal.Core.Messages;

namespace Portal.Core.Providers;

public enum SendOutcome
{
    /// <summary>The provider took the message; its id is known.</summary>
    Accepted,

    /// <summary>It provably did not go (refused, 429, connection refused): safe to try again later.</summary>
    Transient,

    /// <summary>It will never go (invalid number, opted out, bad credentials): do not try again.</summary>
    Permanent,

    /// <summary>It may or may not have gone (timeout or 5xx after the request left): never re-send blindly.</summary>
    Ambiguous,
}

public sealed record SendResult(
    SendOutcome Outcome,
    string? ProviderMessageId = null,
    FailureReason? Reason = null,
    string? Detail = null,
    TimeSpan? RetryAfter = null,
    int? HttpStatus = null,
    string? ResponseBody = null)
{
    public static SendResult Accepted(string providerMessageId, int? httpStatus = null, string? body = null) =>
        new(SendOutcome.Accepted, providerMessageId, HttpStatus: httpStatus, ResponseBody: body);

    public static SendResult Transient(FailureReason reason, string detail, TimeSpan? retryAfter = null, int? httpStatus = null, string? body = null) =>
        new(SendOutcome.Transient, null, reason, detail, retryAfter, httpStatus, body);

    public static SendResult Permanent(FailureReason reason, string detail, int? httpStatus = null, string? body = null) =>
        new(SendOutcome.Permanent, null, reason, detail, null, httpStatus, body);

    public static SendResult Ambiguous(string detail, int? httpStatus = null, string? body = null) =>
        new(SendOutcome.Ambiguous, null, FailureReason.OutcomeUnknown, detail, null, httpStatus, body);
}
