namespace Portal.Tests.Support;

/// <summary>
/// Test classes tagged by what they cost beyond the in-process app, for a quick inner loop that leaves them out:
/// <c>dotnet test Portal.sln --filter "Cost!=Process&amp;Cost!=Browser&amp;Cost!=Redis"</c>. CI runs everything.
/// </summary>
public static class TestCost
{
    public const string Trait = "Cost";

    /// <summary>Publishes-and-runs the portal as a real process and kills it (SIGKILL); tens of seconds each.</summary>
    public const string Process = "Process";

    /// <summary>Drives Debian's Chromium against a host on a loopback port.</summary>
    public const string Browser = "Browser";

    /// <summary>Starts a real redis-server on loopback.</summary>
    public const string Redis = "Redis";
}
