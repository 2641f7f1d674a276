using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Messages;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// <c>portal.scheduled.depth</c>: texts waiting to go, split into those due now (queued, or past their time) and those
/// scheduled for later. Read from the database at most every few seconds, however often metrics are collected.
/// </summary>
public sealed class ScheduledQueueGauge
{
    private readonly IDbContextFactory<PortalDbContext> dbFactory;
    private readonly TimeProvider clock;
    private readonly CachedReading<(long Due, long Later)> counts;

    public ScheduledQueueGauge(IMeterFactory meters, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<ScheduledQueueGauge> logger)
    {
        this.dbFactory = dbFactory;
        this.clock = clock;
        counts = new CachedReading<(long Due, long Later)>(Count, (0, 0), clock, logger);
        meters.Create(PortalTelemetry.Name).CreateObservableGauge("portal.scheduled.depth", Observe, "{message}",
            "Texts waiting to be sent: state=due (queued or past their time) or state=later (scheduled ahead).");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var (due, later) = Read();
        return [new(due, new KeyValuePair<string, object?>("state", "due")), new(later, new KeyValuePair<string, object?>("state", "later"))];
    }

    internal (long Due, long Later) Read() => counts.Value;

    private (long Due, long Later) Count()
    {
        using var db = dbFactory.CreateDbContext();
        var at = clock.GetUtcNow().UtcDateTime;
        var waiting = db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Retrying);
        var due = waiting.Count(m => m.Status == MessageStatus.Queued
            || (m.Status == MessageStatus.Scheduled && (m.SendAt == null || m.SendAt <= at))
            || (m.Status == MessageStatus.Retrying && (m.NextAttemptAt == null || m.NextAttemptAt <= at)));
        return (due, waiting.Count() - due);
    }
}
