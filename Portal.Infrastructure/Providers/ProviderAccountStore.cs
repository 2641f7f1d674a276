using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Providers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Providers;

/// <summary>Reads provider accounts with their secrets decrypted, and routes a thread's texts to one.</summary>
public sealed class ProviderAccountStore(
    IDbContextFactory<PortalDbContext> dbFactory,
    ISecretProtector protector,
    IProviderCatalog catalog,
    IOptions<PublicUrlOptions> urls)
{
    public async Task<ProviderAccountSettings?> GetSettingsAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.ProviderAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        return account is null ? null : ToSettings(account);
    }

    public ProviderAccountSettings ToSettings(ProviderAccount account)
    {
        var secrets = ProviderSecrets.Read(account.EncryptedSecrets, protector);
        return new ProviderAccountSettings(
            account.Id, account.Kind, account.Name, account.BaseUrl, account.AccountId, account.FromNumber,
            secrets.ApiToken, secrets.SigningKey, account.Settings, WebhookBase(account));
    }

    /// <summary>
    /// The account a thread's next text leaves through: the one the customer last wrote to (so they see the same number),
    /// else the department's default, else its first enabled texting account.
    /// </summary>
    public Task<ProviderAccount?> RouteAsync(PortalDbContext db, Guid departmentId, Guid? lastInboundAccountId, CancellationToken cancellationToken) =>
        RouteAsync(db, [.. catalog.TextingKinds], departmentId, lastInboundAccountId, cancellationToken);

    private static async Task<ProviderAccount?> RouteAsync(PortalDbContext db, List<ProviderKind> texting, Guid departmentId, Guid? lastInboundAccountId, CancellationToken cancellationToken)
    {
        if (lastInboundAccountId is { } lastId)
        {
            var last = await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == lastId && a.Enabled && texting.Contains(a.Kind), cancellationToken);
            if (last is not null)
            {
                return last;
            }
        }

        var defaultId = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.DefaultProviderAccountId).FirstOrDefaultAsync(cancellationToken);
        if (defaultId is { } id)
        {
            var preferred = await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == id && a.Enabled && texting.Contains(a.Kind), cancellationToken);
            if (preferred is not null)
            {
                return preferred;
            }
        }

        return await db.ProviderAccounts
            .Where(a => a.DepartmentId == departmentId && a.Enabled && texting.Contains(a.Kind))
            .OrderBy(a => a.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public IReadOnlyList<WebhookUrl> WebhookUrls(ProviderAccount account) =>
        catalog.Find(account.Kind)?.WebhookRoutes
            .Select(r => new WebhookUrl(r.Purpose, r.Path.Length == 0 ? WebhookBase(account) : $"{WebhookBase(account)}/{r.Path}"))
            .ToList() ?? [];

    /// <summary>Whether the account's provider is the built-in simulator, and the label it is shown with.</summary>
    public string DisplayName(ProviderAccount account) => catalog.Find(account.Kind)?.LabelFor(account.Name) ?? account.Name;

    public bool IsSimulated(ProviderAccount account) => catalog.Find(account.Kind)?.IsSimulated == true;

    private string WebhookBase(ProviderAccount account) => urls.Value.Combine($"webhooks/{account.Kind.Slug}/{account.Id}");
}
