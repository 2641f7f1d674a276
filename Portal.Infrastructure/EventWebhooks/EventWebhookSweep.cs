using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.EventWebhooks;

/// <summary>
/// Every minute: a pending delivery overdue by more than a grace period, not held by a running attempt and without a
/// live job (lost in a restart, or failed on the database) gets a new job. The database is the source of truth.
/// </summary>
public sealed class EventWebhookSweep(IDbContextFactory<PortalDbContext> dbFactory, IJobScheduler jobs, TimeProvider clock, ILogger<EventWebhookSweep> logger) : IRecurringWork
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public string Name => "event-webhooks-sweep";

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var overdue = now - Grace;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stalled = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt < overdue && (d.LockedUntil == null || d.LockedUntil < now))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => new { d.Id, d.JobId })
            .Take(500)
            .ToListAsync(cancellationToken);
        var rescheduled = 0;
        foreach (var delivery in stalled.Where(d => !jobs.IsPending(d.JobId)))
        {
            var jobId = jobs.ScheduleEventWebhook(delivery.Id);
            await db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.JobId, jobId), cancellationToken);
            rescheduled++;
        }

        if (rescheduled > 0)
        {
            logger.LogInformation("Event webhooks: {Count} overdue deliveries given a new job", rescheduled);
        }
    }
}
