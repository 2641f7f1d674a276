using Portal.Core.Common;
using Portal.Core.Providers;

namespace Portal.Core.ProviderWebhooks;

/// <summary>Every inbound provider call as received: for idempotency, audit and replay.</summary>
public class WebhookEvent : Entity
{
    public ProviderKind Provider { get; set; }
    public Guid? ProviderAccountId { get; set; }

    /// <summary>The provider's event id, or what its module derives one from (a message id and status).</summary>
    public required string EventId { get; set; }
    public string EventType { get; set; } = "";

    /// <summary>The part of the webhook URL after the account id, with its query (a route such as "status", and any id we put there).</summary>
    public string RequestPath { get; set; } = "";
    public Dictionary<string, string> Headers { get; set; } = [];
    public string Payload { get; set; } = "";
    public SignatureVerdict Verdict { get; set; }
    public WebhookOutcome Outcome { get; set; }
    public string? Error { get; set; }
    public DateTime ReceivedAt { get; set; }
}

public enum SignatureVerdict
{
    Valid,
    Missing,
    Invalid,
    Stale,
}

public enum WebhookOutcome
{
    Pending,
    Processed,
    Duplicate,
    Ignored,
    Rejected,
    Error,

    /// <summary>Signed and stored, but it cannot be applied until a person acts (an account with no department); replay it after.</summary>
    NeedsAttention,
}
