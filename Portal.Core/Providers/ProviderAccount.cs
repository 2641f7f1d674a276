using Portal.Core.Common;

namespace Portal.Core.Providers;

public class ProviderAccount : Entity
{
    public ProviderKind Kind { get; set; }
    public required string Name { get; set; }
    public Guid? DepartmentId { get; set; }
    public string? BaseUrl { get; set; }

    /// <summary>The provider's id for the account (an account id, a project id).</summary>
    public string? AccountId { get; set; }
    public string? FromNumber { get; set; }

    /// <summary>API token and webhook signing key, encrypted with Data Protection; never shown back in full.</summary>
    public string? EncryptedSecrets { get; set; }
    public Dictionary<string, string> Settings { get; set; } = [];
    public bool Enabled { get; set; } = true;

    /// <summary>Declared under Portal:ProviderAccounts and rewritten at start-up.</summary>
    public bool ManagedByConfiguration { get; set; }
}
