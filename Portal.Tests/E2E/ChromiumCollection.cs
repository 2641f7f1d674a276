namespace Portal.Tests.E2E;

/// <summary>
/// The browser test classes run one after the other: each starts Chromium and a portal, and on two cores two of them at
/// once (one starting a portal process twice) starve each other's pages past their timeouts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection
{
    public const string Name = "Chromium";
}
