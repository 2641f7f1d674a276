using Microsoft.EntityFrameworkCore;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Providers;
using Portal.Infrastructure.Persistence;
using ValidationException = Portal.Core.Common.ValidationException;

namespace Portal.Infrastructure.Providers;

internal sealed class ProviderAccountAdministration(
    IDbContextFactory<PortalDbContext> dbFactory,
    ISecretProtector protector,
    ProviderAccountStore store,
    IEnumerable<IMessageProvider> providers,
    ProviderCatalog catalog,
    PhoneNumberNormalizer phones) : IProviderAccountAdministration
{
    public async Task<IReadOnlyList<ProviderAccountSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken);
        var accounts = await db.ProviderAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
        return accounts.Select(a =>
        {
            var secrets = ProviderSecrets.Read(a.EncryptedSecrets, protector);
            var department = a.DepartmentId is { } id && departments.TryGetValue(id, out var d) ? d : null;
            return new ProviderAccountSummary(
                a.Id, a.Kind, a.Name, a.DepartmentId, department?.Name, a.BaseUrl, a.AccountId, a.FromNumber,
                ProviderSecrets.Mask(secrets.ApiToken), ProviderSecrets.Mask(secrets.SigningKey), a.Settings, a.Enabled,
                department?.DefaultProviderAccountId == a.Id, a.ManagedByConfiguration, store.WebhookUrls(a), catalog.Get(a.Kind));
        }).ToList();
    }

    public async Task<Guid> SaveAsync(Guid? id, ProviderAccountInput input, CancellationToken cancellationToken = default)
    {
        Core.Common.InputValidation.ThrowIfInvalid(input);
        var descriptor = catalog.Find(input.Kind) ?? throw new ValidationException(nameof(input.Kind), "Choose a provider.");
        if (input.ValidateFor(descriptor).FirstOrDefault() is { } missing)
        {
            throw new ValidationException(missing.MemberNames.FirstOrDefault() ?? nameof(input.Kind), missing.ErrorMessage ?? "A required setting is missing.");
        }

        string? from = null;
        if (!string.IsNullOrWhiteSpace(input.FromNumber))
        {
            from = phones.TryNormalize(input.FromNumber, out var e164) ? e164 : throw new ValidationException(nameof(input.FromNumber), "Enter the sending number in E.164, e.g. +13125550100.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (input.DepartmentId is { } departmentId && !await db.Departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            throw new ValidationException(nameof(input.DepartmentId), "That department does not exist.");
        }

        ProviderAccount account;
        if (id is { } existingId)
        {
            account = await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == existingId, cancellationToken)
                ?? throw new Core.Common.NotFoundException("The provider account");
            if (account.ManagedByConfiguration)
            {
                throw new Core.Common.DomainException("This account is managed by configuration; change it there.");
            }
        }
        else
        {
            account = new ProviderAccount { Name = input.Name };
            db.ProviderAccounts.Add(account);
        }

        var secrets = ProviderSecrets.Read(account.EncryptedSecrets, protector);
        account.Kind = input.Kind;
        account.Name = input.Name.Trim();
        account.DepartmentId = input.DepartmentId;
        account.BaseUrl = string.IsNullOrWhiteSpace(input.BaseUrl) ? null : input.BaseUrl.Trim();
        account.AccountId = string.IsNullOrWhiteSpace(input.AccountId) ? null : input.AccountId.Trim();
        account.FromNumber = from;
        account.Enabled = input.Enabled;
        account.Settings = input.ParseExtras();
        account.EncryptedSecrets = new ProviderSecrets(
            string.IsNullOrWhiteSpace(input.ApiToken) ? secrets.ApiToken : input.ApiToken.Trim(),
            string.IsNullOrWhiteSpace(input.SigningKey) ? secrets.SigningKey : input.SigningKey.Trim()).Protect(protector);
        await db.SaveChangesAsync(cancellationToken);

        if (account.DepartmentId is { } department && descriptor.SendsTexts)
        {
            await DepartmentDefaults.ApplyAsync(db, department, account.Id, input.MakeDefault, cancellationToken);
        }

        return account.Id;
    }

    public async Task SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new Core.Common.NotFoundException("The provider account");
        account.Enabled = enabled;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<TestSendReport> SendTestAsync(Guid id, string to, string body, CancellationToken cancellationToken = default)
    {
        if (!phones.TryNormalize(to, out var e164))
        {
            throw new ValidationException("To", "Enter a valid phone number.");
        }

        var settings = await store.GetSettingsAsync(id, cancellationToken) ?? throw new Core.Common.NotFoundException("The provider account");
        var provider = providers.FirstOrDefault(p => p.Kind == settings.Kind)
            ?? throw new Core.Common.DomainException($"{catalog.Find(settings.Kind)?.DisplayName ?? settings.Kind.Name} accounts do not send texts.");
        var text = new OutboundText(Guid.NewGuid(), Guid.Empty, e164, string.IsNullOrWhiteSpace(body) ? "Test message from the dealership portal" : body, []);
        var result = await provider.SendAsync(settings, text, cancellationToken);
        return new TestSendReport(result.Outcome, result.HttpStatus, result.ProviderMessageId, result.Detail, result.ResponseBody);
    }
}
