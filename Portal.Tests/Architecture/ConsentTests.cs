using System.Text.RegularExpressions;

namespace Portal.Tests.Architecture;

/// <summary>Consent belongs to the number: the question "is this number opted out?" is asked in one place.</summary>
public partial class ConsentTests
{
    [Fact]
    public void Only_the_consent_folder_asks_whether_a_number_is_opted_out()
    {
        var infrastructure = Path.Combine(LayeringTests.SolutionRoot(), "Portal.Infrastructure");
        var offending = Directory.EnumerateFiles(infrastructure, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}Consent{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(path => NumberOptOutQuery().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(infrastructure, path))
            .ToList();

        Assert.True(offending.Count == 0, $"Use Consent/OptedOutNumbers instead of querying opt-outs by number in: {string.Join(", ", offending)}");
    }

    /// <summary>
    /// A filter (Where, Any, Count, …) whose lambda tests both an opted-out consent and a phone number, in either order;
    /// it caught each of the six copies this replaced.
    /// </summary>
    [GeneratedRegex(@"\.(Where|Any|AnyAsync|Count|CountAsync|FirstOrDefaultAsync)\(\s*\w+\s*=>(?:[^;()]|\([^;()]*\))*?(ConsentStatus\.OptedOut(?:[^;()]|\([^;()]*\))*?\.Phone\b|\.Phone\b(?:[^;()]|\([^;()]*\))*?ConsentStatus\.OptedOut)")]
    private static partial Regex NumberOptOutQuery();
}
