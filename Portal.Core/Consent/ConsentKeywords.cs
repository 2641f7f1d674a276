namespace Portal.Core.Consent;

public enum ConsentKeyword
{
    None,
    OptOut,
    OptIn,
    Help,
}

/// <summary>The US carrier keywords: a single word, trimmed, any case.</summary>
public static class ConsentKeywords
{
    private static readonly HashSet<string> OptOut = new(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT" };
    private static readonly HashSet<string> OptIn = new(StringComparer.OrdinalIgnoreCase) { "START", "YES", "UNSTOP" };
    private static readonly HashSet<string> Help = new(StringComparer.OrdinalIgnoreCase) { "HELP", "INFO" };

    public static ConsentKeyword Classify(string? body)
    {
        var word = (body ?? "").Trim().TrimEnd('.', '!');
        return OptOut.Contains(word) ? ConsentKeyword.OptOut
            : OptIn.Contains(word) ? ConsentKeyword.OptIn
            : Help.Contains(word) ? ConsentKeyword.Help
            : ConsentKeyword.None;
    }
}
