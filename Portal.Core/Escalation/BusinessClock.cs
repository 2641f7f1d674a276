using Portal.Core.Departments;
using Portal.Core.Sending;

namespace Portal.Core.Escalation;

/// <summary>Time that counts only while the department is open, day by day, in its own zone (DST included).</summary>
public static class BusinessClock
{
    /// <summary>
    /// The instant <paramref name="minutes"/> business minutes after <paramref name="fromUtc"/>: minutes while closed do
    /// not count, and what a day cannot hold carries into the next open day. Null when the department is never open.
    /// </summary>
    public static DateTime? AddMinutes(DateTime fromUtc, int minutes, SendingHours hours, TimeZoneInfo zone)
    {
        if (!hours.IsOpenOnSomeDay)
        {
            return null;
        }

        var cursor = SendingWindow.NextOpening(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), hours, zone);
        var remaining = TimeSpan.FromMinutes(minutes);
        // Each turn uses up one open stretch; a year of them ends any real rule.
        for (var stretch = 0; stretch < 800; stretch++)
        {
            var closes = ClosingAfter(cursor, hours, zone);
            if (cursor + remaining <= closes)
            {
                return cursor + remaining;
            }

            remaining -= closes - cursor;
            cursor = SendingWindow.NextOpening(closes, hours, zone);
        }

        return null;
    }

    /// <summary>
    /// How much of the span from <paramref name="fromUtc"/> to <paramref name="toUtc"/> the department was open: a night,
    /// a weekend or a closed day count nothing; a DST change counts the hours the clock actually showed open.
    /// </summary>
    public static TimeSpan Between(DateTime fromUtc, DateTime toUtc, SendingHours hours, TimeZoneInfo zone)
    {
        if (toUtc <= fromUtc || !hours.IsOpenOnSomeDay)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var cursor = SendingWindow.NextOpening(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), hours, zone);
        // Each turn is one open stretch; a wait longer than a few years is not a response time worth counting further.
        for (var stretch = 0; stretch < 2000 && cursor < toUtc; stretch++)
        {
            var closes = ClosingAfter(cursor, hours, zone);
            total += (closes < toUtc ? closes : toUtc) - cursor;
            cursor = SendingWindow.NextOpening(closes, hours, zone);
        }

        return total;
    }

    /// <summary>When the open stretch that contains <paramref name="openUtc"/> ends, in UTC.</summary>
    private static DateTime ClosingAfter(DateTime openUtc, SendingHours hours, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(openUtc, zone);
        var (_, end) = hours.On(local.DayOfWeek)!.Value;
        var closing = local.Date.Add(end.ToTimeSpan());
        while (zone.IsInvalidTime(closing))
        {
            closing = closing.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(closing, DateTimeKind.Unspecified), zone);
    }
}
