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
}
