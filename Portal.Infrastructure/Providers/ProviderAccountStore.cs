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
            secrets.ApiToken, secrets.SigningKey, account.Settings,
            account.Kind == ProviderKind.SignalWire ? SignalWireUrl(account.Id, "status") : null);
    }

    /// <summary>
    /// The account a thread's next text leaves through: the one the customer last wrote to (so they see the same number),
    /// else the department's default, else its first enabled SMS account.
    /// </summary>
    public static async Task<ProviderAccount?> RouteAsync(PortalDbContext db, Guid departmentId, Guid? lastInboundAccountId, CancellationToken cancellationToken)
    {
        var smsKinds = new[] { ProviderKind.Simulator, ProviderKind.Surge, ProviderKind.SignalWire, ProviderKind.Drivly };
        if (lastInboundAccountId is { } lastId)
        {
            var last = await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == lastId && a.Enabled && smsKinds.Contains(a.Kind), cancellationToken);
            if (last is not null)
            {
                return last;
            }
        }

        var defaultId = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.DefaultProviderAccountId).FirstOrDefaultAsync(cancellationToken);
        if (defaultId is { } id)
        {
            var preferred = await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == id && a.Enabled && smsKinds.Contains(a.Kind), cancellationToken);
            if (preferred is not null)
            {
                return preferred;
            }
        }

        return await db.ProviderAccounts
            .Where(a => a.DepartmentId == departmentId && a.Enabled && smsKinds.Contains(a.Kind))
            .OrderBy(a => a.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public IReadOnlyList<WebhookUrl> WebhookUrls(ProviderAccount account) => account.Kind switch
    {
        ProviderKind.SignalWire =>
        [
            new("Inbound messages (Messaging webhook)", SignalWireUrl(account.Id, "messages")),
            new("Status callback", SignalWireUrl(account.Id, "status")),
        ],
        ProviderKind.Surge => [new("Webhook endpoint (all events)", urls.Value.Combine($"webhooks/surge/{account.Id}"))],
        _ => [],
    };

    private string SignalWireUrl(Guid accountId, string hook) => urls.Value.Combine($"webhooks/signalwire/{accountId}/{hook}");
}
