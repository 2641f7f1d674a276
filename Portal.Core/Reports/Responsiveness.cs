using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Reports;

public enum ReportPeriod
{
    Today,
    Last7Days,
    Last30Days,

    /// <summary>Whole days chosen by the reader, from one date to another (both included).</summary>
    Custom,
}

/// <summary>A report's days, whole days in the dealership's zone: today so far, or the last 7 or 30 days including today.</summary>
public sealed record ReportRange(DateTime FromUtc, DateTime ToUtc)
{
    /// <summary>The zone whose days the range is made of, in which reports split it into days and hours.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    public static ReportRange For(ReportPeriod period, TimeZoneInfo zone, DateTime nowUtc)
    {
        var today = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone).Date;
        var first = period switch
        {
            ReportPeriod.Today => today,
            ReportPeriod.Last7Days => today.AddDays(-6),
            _ => today.AddDays(-29),
        };
        return new ReportRange(StartOfDay(first, zone), nowUtc) { Zone = zone };
    }

    /// <summary>The longest custom range: a year and a day, so "this day last year" fits.</summary>
    public const int MaxDays = 366;

    /// <summary>
    /// The whole days <paramref name="from"/> to <paramref name="to"/> in the zone (today ends now). A range that ends
    /// before it begins, starts after today, or spans more than <see cref="MaxDays"/> days is refused with a reason.
    /// </summary>
    public static ReportRange Days(DateOnly from, DateOnly to, TimeZoneInfo zone, DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone));
        if (to < from)
        {
            throw new ValidationException("to", "The last day is before the first.");
        }

        if (from > today)
        {
            throw new ValidationException("from", "The first day is after today.");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new ValidationException("to", $"A report covers at most {MaxDays} days.");
        }

        var end = to >= today ? nowUtc : StartOfDay(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        return new ReportRange(StartOfDay(from.ToDateTime(TimeOnly.MinValue), zone), end) { Zone = zone };
    }

    /// <summary>A named period, or with <see cref="ReportPeriod.Custom"/> the days from <paramref name="from"/> to <paramref name="to"/> (both needed).</summary>
    public static ReportRange Resolve(ReportPeriod period, DateOnly? from, DateOnly? to, TimeZoneInfo zone, DateTime nowUtc)
    {
        if (period != ReportPeriod.Custom)
        {
            return For(period, zone, nowUtc);
        }

        if (from is null || to is null)
        {
            throw new ValidationException(from is null ? "from" : "to", "A custom range needs a first and a last day.");
        }

        return Days(from.Value, to.Value, zone, nowUtc);
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
