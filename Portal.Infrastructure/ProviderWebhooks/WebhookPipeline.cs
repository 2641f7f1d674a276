using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Common;
using Portal.Core.Providers;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Inbound;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Telemetry;

namespace Portal.Infrastructure.ProviderWebhooks;

public enum WebhookAnswerKind
{
    Accepted,
    Unauthorized,
    BadRequest,
    NotFound,

    /// <summary>Nothing was stored (the database failed): the provider should try again.</summary>
    Unavailable,
}

public sealed record WebhookAnswer(WebhookAnswerKind Kind, string? Detail = null, WebhookAcknowledgement? Acknowledgement = null);

/// <summary>
/// Every provider call goes through here, whichever provider it is: the account's module checks the signature and reads
/// the call into neutral events; the writer records the call and applies it in one transaction; the answer is 2xx only
/// once that has committed. A signed, readable call is never refused for its content: what cannot be applied is stored
/// for a person.
/// </summary>
public sealed class WebhookPipeline(
    IDbContextFactory<PortalDbContext> dbFactory,
    ProviderAccountStore accounts,
    IProviderCatalog catalog,
    IEnumerable<IWebhookReader> readers,
    IngestWriter writer,
    RejectedWebhookLog rejected,
    PortalTelemetry telemetry,
    TimeProvider clock,
    ILogger<WebhookPipeline> logger)
{
    private static readonly TimeSpan AccountCacheTime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, (ProviderAccountSettings? Settings, DateTime Until)> accountCache = new();

    public async Task<WebhookAnswer> HandleAsync(string providerSlug, Guid accountId, WebhookRequest request, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var answer = await VerifyAndStoreAsync(providerSlug, accountId, request, cancellationToken);
        telemetry.WebhookHandled(catalog.FindBySlug(providerSlug)?.Kind.Slug ?? "unknown", PortalTelemetry.Snake(answer.Kind), clock.GetElapsedTime(started));
        return answer;
    }

    private async Task<WebhookAnswer> VerifyAndStoreAsync(string providerSlug, Guid accountId, WebhookRequest request, CancellationToken cancellationToken)
    {
        var descriptor = catalog.FindBySlug(providerSlug);
        var reader = descriptor is null ? null : readers.FirstOrDefault(r => r.Kind == descriptor.Kind);
        var account = reader is null ? null : await AccountAsync(accountId, cancellationToken);
        if (descriptor is null || reader is null || account is null || account.Kind != descriptor.Kind || descriptor.WebhookRoutes.All(r => r.Path != request.Route))
        {
            return new WebhookAnswer(WebhookAnswerKind.NotFound, "No provider account of this kind has that id, or it has no such webhook.");
        }

        var now = clock.GetUtcNow();
        var payload = Encoding.UTF8.GetString(request.Body);
        var path = RequestPath(request);
        var headers = request.Headers.Where(h => IsWorthKeeping(h.Key)).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        SignatureVerdict verdict;
        try
        {
            verdict = reader.Verify(account, request, now);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            verdict = SignatureVerdict.Invalid;
        }

        if (verdict != SignatureVerdict.Valid)
        {
            await rejected.RecordAsync(descriptor.Kind, accountId, "unverified", payload, headers, path, verdict, $"Signature {verdict}", cancellationToken);
            return new WebhookAnswer(WebhookAnswerKind.Unauthorized, $"The webhook signature is {verdict.ToString().ToLowerInvariant()}.");
        }

        var reading = reader.Read(request, now.UtcDateTime);
        if (reading.IsMalformed || reading.Event is null || reading.EventId.Length == 0)
        {
            var why = reading.Malformed ?? "The event has no id.";
            await rejected.RecordAsync(descriptor.Kind, accountId, reading.EventType, payload, headers, path, verdict, why, cancellationToken);
            return new WebhookAnswer(WebhookAnswerKind.BadRequest, why);
        }

        var item = new IngestItem(accountId, reading.Event, now.UtcDateTime)
        {
            Webhook = new WebhookRecord(descriptor.Kind, Clip(reading.EventId, 200), Clip(reading.EventType, 64), payload, headers, path),
        };
        var result = await writer.WriteAsync(item, CancellationToken.None);
        if (!result.Stored)
        {
            return new WebhookAnswer(WebhookAnswerKind.Unavailable, result.Detail);
        }

        logger.LogDebug("Webhook {EventId} for account {ProviderAccountId}: {Outcome}", reading.EventId, accountId, result.Outcome);
        return new WebhookAnswer(WebhookAnswerKind.Accepted, result.Detail, descriptor.Acknowledgement);
    }

    /// <summary>Runs a recorded event again (the admin's replay); the writer's idempotency keeps it harmless.</summary>
    public async Task<WebhookOutcome> ReplayAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recorded = await db.WebhookEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken)
            ?? throw new NotFoundException("The webhook event");
        if (recorded.Verdict != SignatureVerdict.Valid || recorded.ProviderAccountId is not { } accountId || recorded.Outcome == WebhookOutcome.Rejected)
        {
            throw new DomainException("Only stored events with a valid signature can be replayed.");
        }

        var reader = readers.FirstOrDefault(r => r.Kind == recorded.Provider)
            ?? throw new DomainException($"No provider module reads {recorded.Provider} events.");
        var (route, query) = SplitPath(recorded.RequestPath);
        var request = new WebhookRequest(route, "", recorded.Headers, Encoding.UTF8.GetBytes(recorded.Payload), null, query);
        var reading = reader.Read(request, recorded.ReceivedAt);
        if (reading.Event is null)
        {
            throw new DomainException($"The recorded event cannot be read: {reading.Malformed}");
        }

        var result = await writer.WriteAsync(new IngestItem(accountId, reading.Event, recorded.ReceivedAt)
        {
            Webhook = new WebhookRecord(recorded.Provider, recorded.EventId, recorded.EventType, recorded.Payload, recorded.Headers, recorded.RequestPath),
            ReplayOf = recorded.Id,
        }, cancellationToken);
        logger.LogInformation("Webhook event {WebhookEventId} replayed: {Outcome}", eventId, result.Outcome);
        return result.Outcome;
    }

    private async Task<ProviderAccountSettings?> AccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (accountCache.TryGetValue(accountId, out var cached) && cached.Until > now)
        {
            return cached.Settings;
        }

        var settings = await accounts.GetSettingsAsync(accountId, cancellationToken);
        accountCache[accountId] = (settings, now + AccountCacheTime);
        return settings;
    }

    private static bool IsWorthKeeping(string header) =>
        header.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase) || header.StartsWith("x-signalwire", StringComparison.OrdinalIgnoreCase)
        || header.StartsWith("x-twilio", StringComparison.OrdinalIgnoreCase) || header.Equals("content-type", StringComparison.OrdinalIgnoreCase);

    private static string RequestPath(WebhookRequest request) =>
        request.Query.Count == 0 ? request.Route
            : $"{request.Route}?{string.Join('&', request.Query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"))}";

    private static (string Route, Dictionary<string, string> Query) SplitPath(string path)
    {
        var at = path.IndexOf('?');
        if (at < 0)
        {
            return (path, []);
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(path[at..]).ToDictionary(p => p.Key, p => p.Value.ToString());
        return (path[..at], query);
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
