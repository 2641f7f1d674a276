using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Providers;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.ProviderWebhooks;

/// <summary>
/// Keeps refused calls in the webhook log for an admin, within limits: anyone can post to a webhook URL, so what an
/// unverified call may store is capped, and each account logs at most <see cref="PerAccountPerMinute"/> of them a minute.
/// The rest are counted in the application log.
/// </summary>
public sealed class RejectedWebhookLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<RejectedWebhookLog> logger)
{
    public const int PerAccountPerMinute = 30;
    public const int MaxUnverifiedPayload = 2_048;
    public const int MaxVerifiedPayload = 20_000;

    private readonly ConcurrentDictionary<Guid, Window> windows = new();

    public async Task RecordAsync(
        ProviderKind provider, Guid accountId, string eventType, string payload, Dictionary<string, string> headers, string requestPath,
        SignatureVerdict verdict, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var window = windows.AddOrUpdate(accountId, _ => new Window(now, 1), (_, w) => now - w.Start >= TimeSpan.FromMinutes(1) ? new Window(now, 1) : w with { Count = w.Count + 1 });
        if (window.Count > PerAccountPerMinute)
        {
            if (window.Count == PerAccountPerMinute + 1)
            {
                logger.LogWarning("More than {Limit} refused webhook calls a minute to account {ProviderAccountId}; not logging the rest this minute", PerAccountPerMinute, accountId);
            }

            return;
        }

        var cap = verdict == SignatureVerdict.Valid ? MaxVerifiedPayload : MaxUnverifiedPayload;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookEvents.Add(new WebhookEvent
        {
            Provider = provider, ProviderAccountId = accountId, EventId = $"rejected:{Guid.NewGuid():N}", EventType = Clip(eventType, 64),
            Payload = Clip(payload, cap), Headers = headers.Where(h => h.Value.Length <= 500).Take(10).ToDictionary(),
            RequestPath = Clip(requestPath, 300), Verdict = verdict, Outcome = WebhookOutcome.Rejected, Error = Clip(error, 1000), ReceivedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Webhook to account {ProviderAccountId} refused: {Reason}", accountId, error);
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];

    private sealed record Window(DateTime Start, int Count);
}
