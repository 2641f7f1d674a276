using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Portal.Core.Reports;
using Portal.Infrastructure.Telemetry;

namespace Portal.Infrastructure.Reports;

/// <summary>
/// <c>portal.waiting.conversations</c> and <c>portal.waiting.oldest</c> per department: what "Waiting now" shows, for
/// alerting ("Service has had a customer waiting for 20 minutes"). Read at most every few seconds however often scraped.
/// </summary>
public sealed class WaitingGauge
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    private readonly IReports reports;
    private readonly TimeProvider clock;
    private readonly ILogger<WaitingGauge> logger;
    private readonly Lock gate = new();
    private volatile Snapshot snapshot = new([], DateTimeOffset.MinValue);

    public WaitingGauge(IMeterFactory meters, IReports reports, TimeProvider clock, ILogger<WaitingGauge> logger)
    {
        this.reports = reports;
        this.clock = clock;
        this.logger = logger;
        var meter = meters.Create(PortalTelemetry.Name);
        meter.CreateObservableGauge("portal.waiting.conversations", ObserveCounts, "{conversation}",
            "Open conversations whose last customer text no member of staff has answered, by department.");
        meter.CreateObservableGauge("portal.waiting.oldest", ObserveOldest, "s",
            "How long the longest-waiting customer of each department has waited for an answer (0 when nobody waits).");
    }

    private sealed record Snapshot(IReadOnlyList<DepartmentWaiting> Departments, DateTimeOffset ReadAt);

    private IEnumerable<Measurement<long>> ObserveCounts() =>
        Read().Select(d => new Measurement<long>(d.Count, new KeyValuePair<string, object?>("department", d.DepartmentName)));

    private IEnumerable<Measurement<double>> ObserveOldest()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return Read().Select(d => new Measurement<double>(d.OldestSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0,
            new KeyValuePair<string, object?>("department", d.DepartmentName)));
    }

    /// <summary>The cached figures while fresh, or while another scrape is reading them: a slow database holds up one scrape.</summary>
    internal IReadOnlyList<DepartmentWaiting> Read()
    {
        var cached = snapshot;
        var now = clock.GetUtcNow();
        if (now - cached.ReadAt < CacheTime || !gate.TryEnter())
        {
            return cached.Departments;
        }

        try
        {
            try
            {
                // The meter calls back synchronously; the query is one grouped count.
                snapshot = new Snapshot(reports.WaitingByDepartmentAsync().GetAwaiter().GetResult(), now);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogDebug(e, "The waiting conversations could not be counted");
                snapshot = cached with { ReadAt = now };
            }

            return snapshot.Departments;
        }
        finally
        {
            gate.Exit();
        }
    }
}
