using Portal.Core.Security;

namespace Portal.Core.Reports;

public enum ReportPeriod
{
    Today,
    Last7Days,
    Last30Days,
}

/// <summary>A report's days, whole days in the dealership's zone: today so far, or the last 7 or 30 days including today.</summary>
public sealed record ReportRange(DateTime FromUtc, DateTime ToUtc)
{
    public static ReportRange For(ReportPeriod period, TimeZoneInfo zone, DateTime nowUtc)
    {
        var today = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone).Date;
        var first = period switch
        {
            ReportPeriod.Today => today,
            ReportPeriod.Last7Days => today.AddDays(-6),
            _ => today.AddDays(-29),
        };
        return new ReportRange(StartOfDay(first, zone), nowUtc);
    }

    /// <summary>The instant a local day begins (a day that begins in a DST gap begins when its clock first exists).</summary>
    public static DateTime StartOfDay(DateTime localDate, TimeZoneInfo zone)
    {
        var start = DateTime.SpecifyKind(localDate.Date, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(start))
        {
            start = start.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(start, zone);
    }
}

/// <summary>How quickly one kind of response came: how many, the median and 90th percentile (whole minutes), and shares within limits.</summary>
public sealed record ResponseStats(int Count, int? MedianMinutes, int? P90Minutes, int Within5, int Within15, int Within60)
{
    public static ResponseStats None { get; } = new(0, null, null, 0, 0, 0);
}

/// <summary>
/// One department, one person, or everything: first responses and every response, each counted in the department's
/// open hours (business) and on the wall clock. The shares within 5 / 15 / 60 minutes are in business minutes.
/// </summary>
public sealed record ResponsivenessRow(Guid? Id, string Name, ResponseStats FirstBusiness, ResponseStats FirstWall, ResponseStats EveryBusiness, ResponseStats EveryWall);

/// <summary>How many responses (first, and every) took how long, in business time.</summary>
public sealed record ResponseBucket(string Label, int First, int Every);

public sealed record Responsiveness(ResponsivenessRow Overall, IReadOnlyList<ResponsivenessRow> ByDepartment, IReadOnlyList<ResponsivenessRow> ByUser, IReadOnlyList<ResponseBucket> Distribution);

/// <summary>Response times for the range, within what the caller may see.</summary>
public interface IResponsivenessReport
{
    Task<Responsiveness> GetAsync(DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default);
}
