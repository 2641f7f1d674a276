using Portal.Core.Common;

namespace Portal.Core.Integration;

/// <summary>A key another system (a DMS, a CRM) uses for the API and the hub. Only a hash of the secret is stored.</summary>
public class ApiKey : Entity
{
    public required string Name { get; set; }

    /// <summary>The key's first characters, to tell keys apart in lists; not enough to use it.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string SecretHash { get; set; }

    public bool AllDepartments { get; set; }
    public List<Guid> DepartmentIds { get; set; } = [];
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? CreatedBy { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>Who is calling: a key by name, and the departments it may use.</summary>
public sealed record ApiCaller(string KeyId, string Name, bool AllDepartments, IReadOnlySet<Guid> DepartmentIds)
{
    public Security.DepartmentScope Scope => Security.DepartmentScope.ForApiKey(AllDepartments, DepartmentIds);
}

public sealed record ApiKeySummary(Guid Id, string Name, string Prefix, bool AllDepartments, IReadOnlyList<string> Departments, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt, string? CreatedBy);

/// <summary>A new key: <see cref="Key"/> is shown once and never again.</summary>
public sealed record CreatedApiKey(Guid Id, string Key);

public interface IApiKeyAdministration
{
    Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <exception cref="ValidationException">No name, or no department.</exception>
    Task<CreatedApiKey> CreateAsync(string name, bool allDepartments, IReadOnlyCollection<Guid> departmentIds, string createdBy, CancellationToken cancellationToken = default);

    Task RevokeAsync(Guid id, CancellationToken cancellationToken = default);
}

public interface IApiKeyAuthenticator
{
    /// <summary>The caller a presented key belongs to (a stored key not revoked, or one declared in configuration), or null.</summary>
    Task<ApiCaller?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken = default);
}
