using System.Globalization;

namespace Portal.Core.Sending;

/// <summary>
/// The days a department sends nothing but replies: dates ("2026-11-26", Thanksgiving that year) and days every year
/// ("12-25"), judged in the customer's own time.
/// </summary>
public sealed class HolidayCalendar
{
    public const int MaxEntries = 100;

    public static readonly HolidayCalendar None = new([], []);

    private readonly HashSet<DateOnly> dates;
    private readonly HashSet<(int Month, int Day)> yearly;

    public HolidayCalendar(IEnumerable<DateOnly> dates, IEnumerable<(int Month, int Day)> yearly)
    {
        this.dates = [.. dates];
        this.yearly = [.. yearly];
    }

    public bool IsEmpty => dates.Count == 0 && yearly.Count == 0;

    public bool Contains(DateOnly day) => dates.Contains(day) || yearly.Contains((day.Month, day.Day));

    /// <summary>As an admin writes them, every-year days first: "12-25, 2026-11-26".</summary>
    public IReadOnlyList<string> Entries =>
    [
        .. yearly.Order().Select(d => $"{d.Month:00}-{d.Day:00}"),
        .. dates.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
    ];

    /// <summary>ISO 8601 for an API: "--12-25" for every year, "2026-11-26" for one date.</summary>
    public IReadOnlyList<string> Iso => [.. Entries.Select(e => e.Length == 5 ? $"--{e}" : e)];

    public override string ToString() => string.Join(", ", Entries);

    /// <summary>Dates as 2026-12-25, and 12-25 (or ISO's --12-25) for every year, separated by commas or lines.</summary>
    public static HolidayCalendar Parse(string? text, out string? error)
    {
        error = null;
        var (dates, yearly) = (new List<DateOnly>(), new List<(int, int)>());
        foreach (var item in (text ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (DateOnly.TryParseExact(item, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                dates.Add(day);
            }
            // A leap year, so that 02-29 is a day too.
            else if (DateOnly.TryParseExact($"2000-{item.TrimStart('-')}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var every))
            {
                yearly.Add((every.Month, every.Day));
            }
            else
            {
                error = $"“{item}” is not a date. Write dates as 2026-12-25, or 12-25 for every year, separated by commas.";
                return None;
            }
        }

        if (dates.Distinct().Count() + yearly.Distinct().Count() > MaxEntries)
        {
            error = $"List at most {MaxEntries} holidays.";
            return None;
        }

        return new HolidayCalendar(dates, yearly);
    }
}
