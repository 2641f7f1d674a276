namespace Portal.Infrastructure.Providers;

/// <summary>A provider account declared in configuration (<c>Portal:ProviderAccounts:&lt;n&gt;</c>), created or updated at start-up.</summary>
public sealed class ConfiguredProviderAccount
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Department { get; set; }
    public string? BaseUrl { get; set; }
    public string? AccountId { get; set; }
    public string? FromNumber { get; set; }
    public string? ApiToken { get; set; }
    public string? SigningKey { get; set; }
    public bool Default { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Kind-specific settings, e.g. MessagingServiceSid (SignalWire), DepartmentUuid (DMS), FailNumbers (Simulator).</summary>
    public Dictionary<string, string> Extras { get; set; } = [];
}

/// <summary>Where providers reach the portal: the base of webhook and status-callback URLs.</summary>
public sealed class PublicUrlOptions
{
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public string Combine(string path) => $"{PublicBaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";
}
