using System.Globalization;

namespace Portal.Web.Endpoints;

/// <summary>Cells of the CSV files the portal exports.</summary>
internal static class Csv
{
    public static string Time(DateTime? utc) => utc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A UTC time as the clock in <paramref name="timeZoneId"/> read it, for a person (the header names the zone).</summary>
    public static string Time(DateTime? utc, string timeZoneId) =>
        utc is { } at ? Time(Portal.Core.Departments.DepartmentTimeZone.ToLocal(at, timeZoneId)) : "";

    /// <summary>Quoted when needed; a cell a spreadsheet would run as a formula (=, +, -, @) is kept as text.</summary>
    public static string Cell(string? value)
    {
        value ??= "";
        var isPhone = value.Length > 1 && value[0] == '+' && value.Skip(1).All(char.IsAsciiDigit);
        if (!isPhone && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
