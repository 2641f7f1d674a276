using System.Text;
using System.Text.RegularExpressions;
using Fluid;
using Portal.Core.Common;
using Portal.Core.Messages;

namespace Portal.Infrastructure.Templates;

/// <summary>
/// What one template may cost: no loops or variables, a bounded number of statements, literal ranges of a bounded size
/// (Fluid makes every item of a range before using it), filter results and output no longer than a text can be.
/// </summary>
internal static partial class BoundedRendering
{
    public const int MaxSteps = 10_000;
    public const int MaxRangeItems = 1_000;

    /// <summary>Output kept while rendering; past it the template stops, as its text could never be sent.</summary>
    public const int MaxOutput = MessageBodyLimits.MaxTextLength * 2;

    /// <summary>Filters that can make a value longer than their input; each result is held to <see cref="MaxOutput"/>.</summary>
    private static readonly string[] GrowingFilters =
    [
        "append", "prepend", "replace", "replace_first", "replace_last", "join", "url_encode", "escape", "escape_once",
        "newline_to_br", "json", "format_number", "pluralize",
    ];

    public static readonly TemplateOptions Options = CreateOptions();

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy(), MaxSteps = MaxSteps, MaxRecursion = 10 };
        foreach (var name in GrowingFilters)
        {
            if (options.Filters.TryGetValue(name, out var inner))
            {
                options.Filters.AddFilter(name, async (input, arguments, context) =>
                {
                    var result = await inner(input, arguments, context);
                    return result.ToStringValue().Length <= MaxOutput ? result : throw new OutputTooLongException();
                });
            }
        }

        return options;
    }

    /// <summary>
    /// Null when the template is one a text may use; otherwise why not. A text's template has merge fields, filters and
    /// conditions (if, unless, case); loops and variables would let it run long or grow without bound.
    /// </summary>
    public static string? WhyTooLarge(string template)
    {
        if (UnboundedTag().Match(template) is { Success: true } tag)
        {
            return $"A text's template can use merge fields, filters and if / unless / case, not {{% {tag.Groups[1].Value} %}}.";
        }

        foreach (Match range in LiteralRange().Matches(template))
        {
            if (long.TryParse(range.Groups[1].Value, out var from) && long.TryParse(range.Groups[2].Value, out var to) && Math.Abs(to - from) + 1 > MaxRangeItems)
            {
                return $"A loop in a template can go over at most {MaxRangeItems:N0} items.";
            }
        }

        return null;
    }

    public static string Render(IFluidTemplate template, TemplateContext context)
    {
        using var output = new LimitedWriter(MaxOutput);
        try
        {
            template.RenderAsync(output, NullEncoder.Default, context).AsTask().GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("The maximum", StringComparison.Ordinal))
        {
            throw new ValidationException("Body", $"The template does too much work (more than {MaxSteps:N0} steps): loop over fewer items.");
        }
        catch (OutputTooLongException)
        {
            throw TooLong();
        }

        var text = output.ToString().Trim();
        return text.Length <= MessageBodyLimits.MaxTextLength ? text : throw TooLong();
    }

    private static ValidationException TooLong() =>
        new("Body", $"The text the template makes is longer than a text can be ({MessageBodyLimits.MaxTextLength:N0} characters).");

    [GeneratedRegex(@"\{%-?\s*(for|tablerow|capture|assign|increment|decrement|cycle|include|render|layout|while|break|continue)\b")]
    private static partial Regex UnboundedTag();

    [GeneratedRegex(@"\(\s*(-?\d{1,18})\s*\.\.\s*(-?\d{1,18})\s*\)")]
    private static partial Regex LiteralRange();

    private sealed class OutputTooLongException : Exception;

    private sealed class LimitedWriter(int limit) : StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            Check(1);
            base.Write(value);
        }

        public override void Write(string? value)
        {
            Check(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Check(count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(char value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(char[] buffer, int index, int count)
        {
            Write(buffer, index, count);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return Task.CompletedTask;
        }

        private void Check(int adding)
        {
            if (GetStringBuilder().Length + adding > limit)
            {
                throw new OutputTooLongException();
            }
        }
    }
}
