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
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    private readonly IDbContextFactory<PortalDbContext> dbFactory;
    private readonly TimeProvider clock;
    private readonly ILogger<ScheduledQueueGauge> logger;
    private readonly Lock gate = new();
    private volatile Counts counts = new(0, 0, DateTimeOffset.MinValue);

    public ScheduledQueueGauge(IMeterFactory meters, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<ScheduledQueueGauge> logger)
    {
        this.dbFactory = dbFactory;
        this.clock = clock;
        this.logger = logger;
        meters.Create(PortalTelemetry.Name).CreateObservableGauge("portal.scheduled.depth", Observe, "{message}",
            "Texts waiting to be sent: state=due (queued or past their time) or state=later (scheduled ahead).");
    }

    private sealed record Counts(long Due, long Later, DateTimeOffset ReadAt);

    private IEnumerable<Measurement<long>> Observe()
    {
        var (due, later) = Read();
        return [new(due, new KeyValuePair<string, object?>("state", "due")), new(later, new KeyValuePair<string, object?>("state", "later"))];
    }

    /// <summary>The cached counts while fresh, or while another scrape is reading the database: a slow database holds up one scrape, not all.</summary>
    internal (long Due, long Later) Read()
    {
        var cached = counts;
        var now = clock.GetUtcNow();
        if (now - cached.ReadAt < CacheTime || !gate.TryEnter())
        {
            return (cached.Due, cached.Later);
        }

        try
        {
            cached = counts;
            if (now - cached.ReadAt < CacheTime)
            {
                return (cached.Due, cached.Later);
            }

            try
            {
                using var db = dbFactory.CreateDbContext();
                var at = now.UtcDateTime;
                var waiting = db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Retrying);
                var due = waiting.Count(m => m.Status == MessageStatus.Queued
                    || (m.Status == MessageStatus.Scheduled && (m.SendAt == null || m.SendAt <= at))
                    || (m.Status == MessageStatus.Retrying && (m.NextAttemptAt == null || m.NextAttemptAt <= at)));
                counts = new Counts(due, waiting.Count() - due, now);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
            {
                // A metrics scrape must not fail because the database is away; the health check reports that.
                logger.LogDebug(e, "The scheduled-queue depth could not be read");
                counts = cached with { ReadAt = now };
            }

            return (counts.Due, counts.Later);
        }
        finally
        {
            gate.Exit();
        }
    }
}
