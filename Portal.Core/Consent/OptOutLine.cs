using System.Text.RegularExpressions;

namespace Portal.Core.Consent;

/// <summary>
/// The words carriers expect on a marketing text: how to stop ("Reply STOP to opt out."). Added on its own line unless
/// the text already says how to stop, or the customer was told in the last 30 days.
/// </summary>
public static partial class OptOutLine
{
    public const string Default = "Reply STOP to opt out.";
    public const int MaxLength = 160;

    public static readonly TimeSpan Remembered = TimeSpan.FromDays(30);

    public static bool AlreadySays(string text) => HowToStop().IsMatch(text);

    /// <summary>The text as it goes, and whether the line was added to it.</summary>
    public static (string Text, bool Added) AddTo(string text, string? departmentLine, bool toldLately)
    {
        var line = string.IsNullOrWhiteSpace(departmentLine) ? Default : departmentLine.Trim();
        return toldLately || AlreadySays(text) ? (text, false) : ($"{text.TrimEnd()}\n{line}", true);
    }

    [GeneratedRegex(@"\b(STOP|UNSUBSCRIBE|opt[\s-]?out)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowToStop();
}
