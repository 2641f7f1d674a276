namespace Portal.Core.Departments;

public static class DepartmentTimeZone
{
    /// <summary>US zones first: the ones a dealership picks from.</summary>
    public static IReadOnlyList<string> Common { get; } =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
        "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "UTC",
    ];

    /// <summary>Every zone this machine knows (IANA names), the common ones first: to search in.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Common, .. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/') && !Common.Contains(id)).Order(StringComparer.Ordinal)];

    public static bool IsValid(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime ToLocal(DateTime utc, string timeZoneId) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Find(timeZoneId));

    public const string SkippedTime = "That time does not exist (the clocks change then). Pick another.";

    /// <summary>
    /// A time someone picked on the department's clock, as UTC: false for a time the clocks skip (2:30 AM on the
    /// spring-forward night); in the hour the fall-back night repeats, the first of the two.
    /// </summary>
    public static bool TryToUtc(DateTime local, string timeZoneId, out DateTime utc)
    {
        var zone = Find(timeZoneId);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            utc = default;
            return false;
        }

        var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
        utc = DateTime.SpecifyKind(unspecified - offset, DateTimeKind.Utc);
        return true;
    }
}
