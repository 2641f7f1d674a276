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
    private readonly TimeProvider clock;
    private readonly CachedReading<IReadOnlyList<DepartmentWaiting>> departments;

    public WaitingGauge(IMeterFactory meters, IReports reports, TimeProvider clock, ILogger<WaitingGauge> logger)
    {
        this.clock = clock;
        // The meter calls back synchronously; the query is one grouped count.
        departments = new CachedReading<IReadOnlyList<DepartmentWaiting>>(() => reports.WaitingByDepartmentAsync().GetAwaiter().GetResult(), [], clock, logger);
        var meter = meters.Create(PortalTelemetry.Name);
        meter.CreateObservableGauge("portal.waiting.conversations", ObserveCounts, "{conversation}",
            "Open conversations whose last customer text no member of staff has answered, by department.");
        meter.CreateObservableGauge("portal.waiting.oldest", ObserveOldest, "s",
            "How long the longest-waiting customer of each department has waited for an answer (0 when nobody waits).");
    }

    private IEnumerable<Measurement<long>> ObserveCounts() =>
        departments.Value.Select(d => new Measurement<long>(d.Count, new KeyValuePair<string, object?>("department", d.DepartmentName)));

    private IEnumerable<Measurement<double>> ObserveOldest()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return departments.Value.Select(d => new Measurement<double>(d.OldestSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0,
            new KeyValuePair<string, object?>("department", d.DepartmentName)));
    }
}
