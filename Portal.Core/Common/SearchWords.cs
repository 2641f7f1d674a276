namespace Portal.Core.Common;

/// <summary>What a person typed into a search box, as the words every match must contain, in any order.</summary>
public static class SearchWords
{
    /// <summary>At most this many words count; the rest of a pasted paragraph is ignored.</summary>
    public const int MaxWords = 8;

    public static IReadOnlyList<string> Of(string? search) =>
        [.. (search ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxWords)];

    /// <summary>True when <paramref name="text"/> holds every word of <paramref name="search"/>.</summary>
    public static bool AllIn(string? search, string text)
    {
        var words = Of(search);
        return words.Count > 0 && words.All(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
    }
}
