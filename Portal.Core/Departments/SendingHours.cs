namespace Portal.Core.Departments;

/// <summary>A day whose sending hours differ from the usual ones: other hours, or closed (no start and end).</summary>
public sealed record DaySendingHours(DayOfWeek Day, TimeOnly? Start = null, TimeOnly? End = null)
{
    public bool IsClosed => Start is null || End is null;

    public static DaySendingHours Closed(DayOfWeek day) => new(day);
}

/// <summary>
/// The local window in which automated texts may go out: the usual hours (<see cref="Start"/>–<see cref="End"/>), and
/// the days that differ (<see cref="Days"/>: other hours, or closed). US law allows 8:00–21:00; a dealership may narrow it.
/// </summary>
public sealed record SendingHours(TimeOnly Start, TimeOnly End)
{
    public static readonly TimeOnly LegalStart = new(8, 0);
    public static readonly TimeOnly LegalEnd = new(21, 0);
    public static SendingHours Default { get; } = new(LegalStart, LegalEnd);

    /// <summary>The days whose hours are not the usual ones.</summary>
    public IReadOnlyList<DaySendingHours> Days { get; init; } = [];

    /// <summary>The hours on <paramref name="day"/>; null when the department sends nothing that day.</summary>
    public (TimeOnly Start, TimeOnly End)? On(DayOfWeek day) =>
        Days.FirstOrDefault(d => d.Day == day) is { } other ? (other.IsClosed ? null : (other.Start!.Value, other.End!.Value)) : (Start, End);

    public bool IsOpenOnSomeDay => Enum.GetValues<DayOfWeek>().Any(day => On(day) is not null);

    public bool IsWithinLegalWindow =>
        Enum.GetValues<DayOfWeek>().Select(On).OfType<(TimeOnly Start, TimeOnly End)>().Append((Start, End))
            .All(h => h.Start >= LegalStart && h.End <= LegalEnd && h.Start < h.End);

    /// <summary>Whether a local time (with its day) falls inside the window.</summary>
    public bool Contains(DateTime local) =>
        On(local.DayOfWeek) is var (start, end) && TimeOnly.FromDateTime(local) is var time && time >= start && time < end;

    /// <summary>Each day's hours narrowed to <paramref name="outer"/> (closed days stay closed).</summary>
    public SendingHours Within(TimeOnly outerStart, TimeOnly outerEnd) => new(Max(Start, outerStart), Min(End, outerEnd))
    {
        Days = [.. Days.Select(d => d.IsClosed ? d : d with { Start = Max(d.Start!.Value, outerStart), End = Min(d.End!.Value, outerEnd) })],
    };

    /// <summary>"9:00 AM – 6:00 PM; Saturday 10:00 AM – 2:00 PM; Sunday closed".</summary>
    public string Describe()
    {
        static string Span(TimeOnly start, TimeOnly end) =>
            $"{start.ToString("h:mm tt", System.Globalization.CultureInfo.InvariantCulture)} – {end.ToString("h:mm tt", System.Globalization.CultureInfo.InvariantCulture)}";
        return string.Join("; ", Days.OrderBy(d => ((int)d.Day + 6) % 7)
            .Select(d => d.IsClosed ? $"{d.Day} closed" : $"{d.Day} {Span(d.Start!.Value, d.End!.Value)}")
            .Prepend(Span(Start, End)));
    }

    /// <summary>Equal when the usual hours and every differing day are (the days compare by value, in any order).</summary>
    public bool Equals(SendingHours? other) =>
        other is not null && Start == other.Start && End == other.End && Days.OrderBy(d => d.Day).SequenceEqual(other.Days.OrderBy(d => d.Day));

    public override int GetHashCode() => Days.OrderBy(d => d.Day).Aggregate(HashCode.Combine(Start, End), (hash, day) => HashCode.Combine(hash, day));

    private static TimeOnly Max(TimeOnly a, TimeOnly b) => a > b ? a : b;

    private static TimeOnly Min(TimeOnly a, TimeOnly b) => a < b ? a : b;
}
