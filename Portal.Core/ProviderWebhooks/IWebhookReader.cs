using Portal.Core.Inbound;
using Portal.Core.Providers;

namespace Portal.Core.ProviderWebhooks;

/// <summary>A provider's call as it arrived, before anything is trusted: the route under its account, headers, raw body.</summary>
public sealed record WebhookRequest(
    string Route,
    string PublicUrl,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? ContentType,
    IReadOnlyDictionary<string, string> Query)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A provider module's webhook half: checks a call's signature with the account's key, then turns the call into
/// provider-neutral events. It never touches the database; the pipeline records and applies what it reads.
/// </summary>
public interface IWebhookReader
{
    ProviderKind Kind { get; }

    SignatureVerdict Verify(ProviderAccountSettings account, WebhookRequest request, DateTimeOffset now);

    WebhookReading Read(WebhookRequest request, DateTime receivedAtUtc);
}

/// <summary>What a verified call said: an event id for deduplication, its type for the log, and what happened.</summary>
public sealed record WebhookReading(string EventId, string EventType, ProviderEvent? Event, string? Malformed = null)
{
    public static WebhookReading Of(string eventId, string eventType, ProviderEvent @event) => new(eventId, eventType, @event);

    /// <summary>Signed, but not something the portal can read: answered 400 and kept in the log.</summary>
    public static WebhookReading Bad(string eventType, string why) => new("", eventType, null, why);

    public bool IsMalformed => Malformed is not null;
}
