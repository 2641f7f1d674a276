using System.Globalization;
using Portal.Core.Departments;

namespace Portal.Web.Components.Shared;

/// <summary>Times as a dealership reads them: in the department's time zone, short when recent.</summary>
public static class TimeFormat
{
    public static string Short(DateTime utc, string timeZoneId, DateTime nowUtc)
    {
        var local = DepartmentTimeZone.ToLocal(utc, timeZoneId);
        var localNow = DepartmentTimeZone.ToLocal(nowUtc, timeZoneId);
        var age = nowUtc - utc;
        if (age < TimeSpan.FromMinutes(1) && age >= TimeSpan.Zero)
        {
            return "now";
        }

        if (age < TimeSpan.FromHours(1) && age >= TimeSpan.Zero)
        {
            return $"{(int)age.TotalMinutes}m";
        }

        if (local.Date == localNow.Date)
        {
            return local.ToString("h:mm tt", CultureInfo.InvariantCulture);
        }

        return local.Year == localNow.Year
            ? local.ToString("MMM d", CultureInfo.InvariantCulture)
            : local.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
    }

    public static string Full(DateTime utc, string timeZoneId)
    {
        var local = DepartmentTimeZone.ToLocal(utc, timeZoneId);
        var zone = DepartmentTimeZone.Find(timeZoneId);
        var abbreviation = zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName;
        return $"{local.ToString("ddd MMM d, h:mm tt", CultureInfo.InvariantCulture)} {Abbreviate(abbreviation)}";
    }

    private static string Abbreviate(string name) =>
        name.Contains(' ') ? new string(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[0]).ToArray()) : name;
}
