using System.Globalization;

namespace Portal.Core.Sending;

/// <summary>A stricter window where the recipient's number is from: <see cref="Region"/> is a country ("GB") or a US state ("US-FL").</summary>
public sealed record QuietHourRule(string Region, TimeOnly Start, TimeOnly End)
{
    public bool Covers(string? region) => region is not null
        && (string.Equals(region, Region, StringComparison.OrdinalIgnoreCase) || region.StartsWith(Region + "-", StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Region} {Start:HH\\:mm}-{End:HH\\:mm}";
}

/// <summary>
/// A department's stricter windows and its holidays, as an admin writes them: one rule per line or semicolon
/// ("US-FL 08:00-20:00"), dates by commas or lines ("2026-12-25"). Parsed on use; a line that cannot be read is an error
/// with the line, never skipped.
/// </summary>
public static class QuietHourRules
{
    public static IReadOnlyList<QuietHourRule> Parse(string? text, out string? error)
    {
        error = null;
        var rules = new List<QuietHourRule>();
        foreach (var line in Split(text, '\n', ';'))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var times = parts.Length == 2 ? parts[1].Split('-', StringSplitOptions.TrimEntries) : [];
            if (parts.Length != 2 || times.Length != 2 || !NumberRegion.IsCode(parts[0])
                || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) || end <= start)
            {
                error = $"“{line}” is not a rule. Write a state or country and its hours, such as “US-FL 08:00-20:00”, one per line.";
                return [];
            }

            rules.Add(new QuietHourRule(parts[0].ToUpperInvariant(), start, end));
        }

        return rules;
    }

    private static IEnumerable<string> Split(string? text, params char[] separators) =>
        (text ?? "").Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
