using Portal.Core.Inbound;
using Portal.Core.Providers;
using Portal.Core.ProviderWebhooks;

namespace Portal.Infrastructure.Inbound;

/// <summary>
/// One thing a provider reported, on its way into the database. A webhook is recorded as a <see cref="WebhookEvent"/>
/// in the same transaction as what it changes; other paths (the Simulator's reply) carry no record.
/// </summary>
public sealed record IngestItem(Guid AccountId, ProviderEvent Event, DateTime ReceivedAtUtc)
{
    /// <summary>The webhook call to record with it, or null.</summary>
    public WebhookRecord? Webhook { get; init; }

    /// <summary>Set by a replay: the recorded event to finish, instead of a new record.</summary>
    public Guid? ReplayOf { get; init; }
}

public sealed record WebhookRecord(ProviderKind Provider, string EventId, string EventType, string Payload, Dictionary<string, string> Headers, string RequestPath);

/// <summary>What became of an item. <see cref="WebhookOutcome.Error"/> here means nothing was stored and it may be retried.</summary>
public sealed record IngestResult(WebhookOutcome Outcome, string? Detail = null, Guid? MessageId = null)
{
    public bool Stored => Outcome != WebhookOutcome.Error;
}
