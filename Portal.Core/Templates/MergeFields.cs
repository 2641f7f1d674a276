using System.Text.RegularExpressions;

namespace Portal.Core.Templates;

/// <summary>One value a template can insert, e.g. <c>{{ customer.first_name | default: "there" }}</c>.</summary>
public sealed record MergeField(string Path, string Description);

/// <summary>The merge fields templates may use, and the check that a template uses no others.</summary>
public static partial class MergeFields
{
    public static IReadOnlyList<MergeField> All { get; } =
    [
        new("customer.first_name", "Customer's first name"),
        new("customer.last_name", "Customer's last name"),
        new("customer.full_name", "Customer's full name"),
        new("customer.email", "Customer's email"),
        new("customer.phone", "Customer's phone number"),
        new("lead.vehicle", "Vehicle of interest"),
        new("lead.status", "Lead status"),
        new("lead.source", "Lead source"),
        new("lead.budget", "Budget"),
        new("lead.time_to_purchase", "Time to purchase"),
        new("vehicle", "Vehicle of interest (short form)"),
        new("rep.name", "Sales rep's name (the lead's rep, else the sender)"),
        new("rep.first_name", "Sales rep's first name"),
        new("department.name", "Department name"),
        new("department.opens_at", "When the department next opens (“tomorrow at 9:00 AM”); empty while it is open"),
    ];

    private static readonly HashSet<string> Known = All.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);

    /// <summary>The variables a template reads that are not merge fields, in order of appearance.</summary>
    public static IReadOnlyList<string> Unknown(string body)
    {
        var unknown = new List<string>();
        foreach (Match output in OutputOrCondition().Matches(body ?? ""))
        {
            var variable = output.Groups["path"].Value;
            if (!Known.Contains(variable) && !unknown.Contains(variable))
            {
                unknown.Add(variable);
            }
        }

        return unknown;
    }

    /// <summary>A validation message for a template body, or null when it only uses known fields.</summary>
    public static string? WhyInvalid(string body) => Unknown(body) switch
    {
        [] => null,
        [var one] => $"{{{{ {one} }}}} is not a merge field. Use one of the fields listed.",
        var many => $"These are not merge fields: {string.Join(", ", many.Select(f => $"{{{{ {f} }}}}"))}. Use the fields listed.",
    };

    // The variable that starts an output ({{ x.y | … }}) or a condition ({% if x.y … %}); literals are not variables.
    [GeneratedRegex(@"(?:\{\{-?|\{%-?\s*(?:if|unless|elsif))\s*(?<path>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)", RegexOptions.CultureInvariant)]
    private static partial Regex OutputOrCondition();
}
