using System.Text.RegularExpressions;

namespace Portal.Core.Consent;

/// <summary>
/// The words carriers expect on a marketing text, and on the first text to a number that never texted: how to stop
/// ("Reply STOP to opt out."). Added on its own line unless the text already says how to stop, or the customer was told
/// in the last 30 days.
/// </summary>
public static partial class OptOutLine
{
    public const string Default = "Reply STOP to opt out.";
    public const int MaxLength = 160;

    public static readonly TimeSpan Remembered = TimeSpan.FromDays(30);

    public static bool AlreadySays(string text) => HowToStop().IsMatch(text);

    /// <summary>The department's line, or the default.</summary>
    public static string Of(string? departmentLine) => string.IsNullOrWhiteSpace(departmentLine) ? Default : departmentLine.Trim();

    /// <summary>The text as it goes, and whether the line was added to it: only when <paramref name="due"/> and the text does not say how to stop.</summary>
    public static (string Text, bool Added) AddTo(string text, string? departmentLine, bool due)
    {
        if (!due || AlreadySays(text))
        {
            return (text, false);
        }

        var trimmed = text.TrimEnd();
        return (trimmed.Length == 0 ? Of(departmentLine) : $"{trimmed}\n{Of(departmentLine)}", true);
    }

    [GeneratedRegex(@"\b(STOP|UNSUBSCRIBE|opt[\s-]?out)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowToStop();
}

/// <summary>What a number has said and been told, which decides whether a text to it carries the opt-out line.</summary>
/// <param name="HasTexted">The number texted the dealership (any department) at least once.</param>
/// <param name="ToldLately">A text carrying the line went to it in the last 30 days (any department).</param>
public sealed record OptOutLineFacts(bool HasTexted, bool ToldLately)
{
    /// <summary>Nothing known yet: a number that never texted and was never told.</summary>
    public static readonly OptOutLineFacts Stranger = new(false, false);

    /// <summary>A marketing text, or the first text to a number that never texted, carries the line unless the number was told lately.</summary>
    public bool Requires(bool marketing) => !ToldLately && (marketing || !HasTexted);

    /// <summary>Why the line is added, for staff ("a marketing template", "Nina has never texted"), or null when it is not.</summary>
    public string? Why(bool marketing, string customerName) =>
        !Requires(marketing) ? null : marketing ? "the template is marketing" : $"{customerName} has never texted the dealership";
}

/// <summary>Reads <see cref="OptOutLineFacts"/> for a customer, across departments.</summary>
public interface IOptOutLineHistory
{
    Task<OptOutLineFacts> ForCustomerAsync(Guid customerId, CancellationToken cancellationToken = default);
}
