using Microsoft.EntityFrameworkCore;
using Portal.Core.Providers;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.ProviderWebhooks;

public sealed record WebhookEventFilter(ProviderKind? Provider = null, SignatureVerdict? Verdict = null, WebhookOutcome? Outcome = null);

/// <summary>The admin's view of recent provider calls, newest first.</summary>
public sealed class WebhookEventLog(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<WebhookEvent>> RecentAsync(WebhookEventFilter filter, int take = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.WebhookEvents.AsNoTracking();
        if (filter.Provider is { } provider)
        {
            events = events.Where(e => e.Provider == provider);
        }

        if (filter.Verdict is { } verdict)
        {
            events = events.Where(e => e.Verdict == verdict);
        }

        if (filter.Outcome is { } outcome)
        {
            events = events.Where(e => e.Outcome == outcome);
        }

        return await events.OrderByDescending(e => e.ReceivedAt).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
    }
}
