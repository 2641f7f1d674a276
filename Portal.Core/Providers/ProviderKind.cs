namespace Portal.Core.Providers;

/// <summary>
/// A provider's stable key, stored with its accounts and webhook events and used in webhook URLs. Core knows no kinds:
/// each provider module declares its own, so a new provider needs no change here.
/// </summary>
public readonly record struct ProviderKind
{
    public ProviderKind(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 32 || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("A provider kind is 1 to 32 ASCII letters or digits.", nameof(name));
        }

        this.name = name;
    }

    private readonly string? name;

    public string Name => name ?? "";

    /// <summary>The kind as it appears in webhook URLs.</summary>
    public string Slug => Name.ToLowerInvariant();

    public override string ToString() => Name;
}
