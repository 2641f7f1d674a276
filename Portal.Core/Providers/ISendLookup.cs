namespace Portal.Core.Providers;

public enum SendLookupOutcome
{
    /// <summary>The provider has exactly this send; its id is known.</summary>
    Found,

    /// <summary>The provider has no such send: it never went.</summary>
    NotFound,

    /// <summary>The provider could not be asked, or the answer does not identify one send exactly.</summary>
    Unknown,
}

public sealed record SendLookupResult(SendLookupOutcome Outcome, string? ProviderMessageId = null, string? Detail = null)
{
    public static SendLookupResult Found(string id) => new(SendLookupOutcome.Found, id);

    public static SendLookupResult NotFound(string detail) => new(SendLookupOutcome.NotFound, Detail: detail);

    public static SendLookupResult Unknown(string detail) => new(SendLookupOutcome.Unknown, Detail: detail);
}

/// <summary>A send whose outcome is unknown, as the look-up needs it.</summary>
public sealed record UncertainSend(
    OutboundText Message,
    DateTime AttemptStartedAtUtc,
    IReadOnlySet<string> ProviderIdsOnRecord,
    int SimilarSendsInFlight);

/// <summary>
/// Optional capability of a provider module: asks the provider whether a send whose outcome is unknown (a timeout,
/// a 5xx, a crash between its answer and our commit) reached it. It answers Found only when the match is exact.
/// </summary>
public interface ISendLookup
{
    ProviderKind Kind { get; }

    Task<SendLookupResult> FindAsync(ProviderAccountSettings account, UncertainSend send, CancellationToken cancellationToken);
}
