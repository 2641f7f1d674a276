using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.Providers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Providers;

/// <summary>Creates or updates the accounts declared under <c>Portal:ProviderAccounts</c> (docker-compose, CI) at start-up.</summary>
internal sealed class ConfiguredProviderAccountsSync(ISecretProtector protector, IProviderCatalog catalog, ILogger<ConfiguredProviderAccountsSync> logger)
{
    public async Task SyncAsync(PortalDbContext db, IReadOnlyList<ConfiguredProviderAccount> configured, CancellationToken cancellationToken)
    {
        foreach (var item in configured)
        {
            if (item.Id == Guid.Empty || catalog.FindBySlug(item.Kind) is not { } descriptor)
            {
                throw new InvalidOperationException($"Provider account '{item.Name}' needs a stable Id and a Kind of {string.Join(", ", catalog.All.Select(d => d.Kind))}.");
            }

            var kind = descriptor.Kind;

            Guid? departmentId = null;
            if (!string.IsNullOrWhiteSpace(item.Department))
            {
                departmentId = await db.Departments.Where(d => d.Name == item.Department).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"Provider account '{item.Name}' names department '{item.Department}', which does not exist.");
            }

            var account = await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == item.Id, cancellationToken);
            if (account is null)
            {
                account = new ProviderAccount { Id = item.Id, Name = item.Name };
                db.ProviderAccounts.Add(account);
            }

            account.Kind = kind;
            account.Name = string.IsNullOrWhiteSpace(item.Name) ? kind.ToString() : item.Name;
            account.DepartmentId = departmentId;
            account.BaseUrl = item.BaseUrl;
            account.AccountId = item.AccountId;
            account.FromNumber = item.FromNumber;
            account.Enabled = item.Enabled;
            account.Settings = new Dictionary<string, string>(item.Extras);
            account.EncryptedSecrets = new ProviderSecrets(item.ApiToken, item.SigningKey).Protect(protector);
            account.ManagedByConfiguration = true;
            await db.SaveChangesAsync(cancellationToken);

            if (departmentId is { } department && descriptor.SendsTexts)
            {
                await DepartmentDefaults.ApplyAsync(db, department, account.Id, item.Default, cancellationToken);
            }

            logger.LogInformation("Provider account {ProviderAccountId} ({Kind}) synced from configuration", account.Id, kind);
        }
    }
}

internal static class DepartmentDefaults
{
    /// <summary>The first account attached to a department becomes its default; an explicit default takes the role.</summary>
    public static async Task ApplyAsync(PortalDbContext db, Guid departmentId, Guid accountId, bool makeDefault, CancellationToken cancellationToken)
    {
        var department = await db.Departments.FirstAsync(d => d.Id == departmentId, cancellationToken);
        if (makeDefault || department.DefaultProviderAccountId is null)
        {
            department.DefaultProviderAccountId = accountId;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
