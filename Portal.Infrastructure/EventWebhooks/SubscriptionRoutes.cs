using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.EventWebhooks;

/// <summary>
/// The enabled subscriptions, held in memory for a short while, so an event nobody subscribed to costs no database
/// round trip. Admin changes on this instance invalidate it; other instances see them when their copy expires.
/// </summary>
public sealed class SubscriptionRoutes(IDbContextFactory<PortalDbContext> dbFactory, IOptions<EventWebhookOptions> options, TimeProvider clock)
{
    public sealed record Route(Guid SubscriptionId, Guid DepartmentId, EventWebhookTypes EventTypes);

    /// <summary><paramref name="Version"/>: the invalidation count when the load started; a later invalidation makes it stale.</summary>
    private sealed record Snapshot(IReadOnlyList<Route> Routes, DateTimeOffset LoadedAt, long Version);

    private volatile Snapshot? current;
    private long version;

    public async Task<IReadOnlyList<Route>> ForAsync(Guid departmentId, EventWebhookTypes type, CancellationToken cancellationToken)
    {
        var snapshot = current;
        var now = clock.GetUtcNow();
        var loading = Interlocked.Read(ref version);
        if (snapshot is null || snapshot.Version != loading || now - snapshot.LoadedAt >= options.Value.SubscriptionCacheDuration)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var routes = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled)
                .Select(s => new Route(s.Id, s.DepartmentId, s.EventTypes)).ToListAsync(cancellationToken);
            snapshot = new Snapshot(routes, now, loading);
            current = snapshot;
        }

        return [.. snapshot.Routes.Where(r => r.DepartmentId == departmentId && (r.EventTypes & type) != 0)];
    }

    public void Invalidate() => Interlocked.Increment(ref version);
}
