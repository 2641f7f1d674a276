using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.EventWebhooks;

/// <summary>
/// Every minute: deletes delivered and failed deliveries (payloads hold phone numbers and texts) untouched for longer
/// than <see cref="EventWebhookOptions.Retention"/>, with their attempts, a bounded batch at a time.
/// </summary>
public sealed class EventWebhookRetention(
    IDbContextFactory<PortalDbContext> dbFactory, IOptions<EventWebhookOptions> options, TimeProvider clock, ILogger<EventWebhookRetention> logger) : IRecurringWork
{
    public const int BatchSize = 500;

    /// <summary>Keeps one run well inside the minute the recurring job allows itself; the rest waits for the next run.</summary>
    public const int MaxBatchesPerRun = 20;

    public string Name => "event-webhooks-retention";

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var ids = await Expired(db, cutoff).OrderBy(d => d.UpdatedAt).Select(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            // Checked again in the delete: a replay in between makes a delivery pending, and it stays. Attempts go by the
            // foreign key's cascade.
            deleted += await Expired(db, cutoff).Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            if (ids.Count < BatchSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation("Event webhooks: {Count} deliveries older than {Retention} deleted", deleted, options.Value.Retention);
        }
    }

    private static IQueryable<WebhookDelivery> Expired(PortalDbContext db, DateTime cutoff) =>
        db.WebhookDeliveries.Where(d => (d.Status == WebhookDeliveryStatus.Delivered || d.Status == WebhookDeliveryStatus.Failed) && d.UpdatedAt < cutoff);
}
