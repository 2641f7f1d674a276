using Portal.Core.Departments;

namespace Portal.Core.Sending;

/// <summary>The department's local sending hours applied to a moment in UTC.</summary>
public static class SendingWindow
{
    public static bool IsOpen(DateTime utc, SendingHours hours, TimeZoneInfo zone) =>
        hours.Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Utc(utc), zone)));

    /// <summary><paramref name="utc"/> itself when the window is open, otherwise the next opening, in UTC.</summary>
    public static DateTime NextOpening(DateTime utc, SendingHours hours, TimeZoneInfo zone)
    {
        utc = Utc(utc);
        if (IsOpen(utc, hours, zone))
        {
            return utc;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var day = TimeOnly.FromDateTime(local) < hours.Start ? local.Date : local.Date.AddDays(1);
        var opening = day.Add(hours.Start.ToTimeSpan());
        // A start time that falls in a DST gap does not exist locally: move to the first minute that does.
        while (zone.IsInvalidTime(opening))
        {
            opening = opening.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(opening, DateTimeKind.Unspecified), zone);
    }

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
