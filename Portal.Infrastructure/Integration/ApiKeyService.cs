using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Common;
using Portal.Core.Integration;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Integration;

/// <summary>An API key declared in configuration: <c>Portal:ApiKeys:n:Name</c>, <c>:Key</c>, <c>:Departments</c>.</summary>
public sealed class ConfiguredApiKey
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>Department names, comma-separated; empty means none, <c>*</c> means all.</summary>
    public string? Departments { get; set; }
}

public sealed class ApiKeyOptions
{
    public const string Section = "Portal:ApiKeys";

    public List<ConfiguredApiKey> Keys { get; set; } = [];
}

internal sealed class ApiKeyService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<ApiKeyOptions> configured,
    TimeProvider clock,
    Core.Realtime.IConversationNotifier notifier,
    ILogger<ApiKeyService> logger) : IApiKeyAdministration, IApiKeyAuthenticator
{
    private const string KeyPrefix = "dcp_";
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, DateTime> lastUsedWritten = new();

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var names = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(cancellationToken);
        return [.. keys.Select(k => new ApiKeySummary(k.Id, k.Name, k.Prefix, k.AllDepartments,
            [.. k.DepartmentIds.Select(id => names.GetValueOrDefault(id, "(removed)")).Order()], k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.CreatedBy))];
    }

    public async Task<CreatedApiKey> CreateAsync(string name, bool allDepartments, IReadOnlyCollection<Guid> departmentIds, string createdBy, CancellationToken cancellationToken = default)
    {
        name = (name ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > 100)
        {
            errors["Name"] = ["Give the key a name of at most 100 characters (say which system uses it)."];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.Departments.Where(d => departmentIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken);
        if (!allDepartments && known.Count == 0)
        {
            errors["Departments"] = ["Choose the departments this key may use."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            Name = name,
            Prefix = secret[..(KeyPrefix.Length + 6)],
            SecretHash = Hash(secret),
            AllDepartments = allDepartments,
            DepartmentIds = allDepartments ? [] : known,
            CreatedBy = createdBy,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("API key {KeyId} ({Name}) created by {CreatedBy}", key.Id, name, createdBy);
        return new CreatedApiKey(key.Id, secret);
    }

    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken) ?? throw new NotFoundException("The API key");
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("API key {KeyId} ({Name}) revoked", key.Id, key.Name);
        // Its open hub connections, on every instance, are closed: a key's connections are held under its id.
        await notifier.PublishAsync(Core.Realtime.ConversationEvents.AccessChanged(key.Id), CancellationToken.None);
    }

    public async Task<ApiCaller?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(presentedKey) || presentedKey.Length > 200)
        {
            return null;
        }

        var hash = Hash(presentedKey);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var declared in configured.Value.Keys.Where(k => k.Key.Length > 0))
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(declared.Key)), Encoding.ASCII.GetBytes(hash)))
            {
                var names = (declared.Departments ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var all = names.Contains("*");
                var ids = all ? [] : await db.Departments.Where(d => names.Contains(d.Name)).Select(d => d.Id).ToListAsync(cancellationToken);
                return new ApiCaller($"config:{declared.Name}", declared.Name, all, ids.ToHashSet());
            }
        }

        // The hash is looked up, so the comparison never runs over the secret itself.
        var stored = await db.ApiKeys.FirstOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!lastUsedWritten.TryGetValue(stored.Id, out var written) || now - written >= LastUsedGranularity)
        {
            lastUsedWritten[stored.Id] = now;
            stored.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ApiCaller(stored.Id.ToString(), stored.Name, stored.AllDepartments, stored.DepartmentIds.ToHashSet());
    }

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
