using Portal.Core.Departments;

namespace Portal.Core.Sending;

/// <summary>The department's local sending hours, day by day, applied to a moment in UTC.</summary>
public static class SendingWindow
{
    public static bool IsOpen(DateTime utc, SendingHours hours, TimeZoneInfo zone) =>
        hours.Contains(TimeZoneInfo.ConvertTimeFromUtc(Utc(utc), zone));

    /// <summary>
    /// <paramref name="utc"/> itself when the window is open, otherwise the next opening, in UTC: later today, or the
    /// first day after that the department sends on. With no open day at all, a week later (nothing is ever lost).
    /// </summary>
    public static DateTime NextOpening(DateTime utc, SendingHours hours, TimeZoneInfo zone)
    {
        utc = Utc(utc);
        if (IsOpen(utc, hours, zone))
        {
            return utc;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        for (var offset = 0; offset <= 7; offset++)
        {
            var day = local.Date.AddDays(offset);
            if (hours.On(day.DayOfWeek) is not var (start, end))
            {
                continue;
            }

            var opening = day.Add(start.ToTimeSpan());
            // A start time that falls in a DST gap does not exist locally: move to the first minute that does.
            while (zone.IsInvalidTime(opening))
            {
                opening = opening.AddMinutes(1);
            }

            if (offset == 0 && TimeOnly.FromDateTime(local) >= end)
            {
                continue;
            }

            if (opening > local || offset > 0)
            {
                return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(opening, DateTimeKind.Unspecified), zone);
            }
        }

        return utc.AddDays(7);
    }

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
