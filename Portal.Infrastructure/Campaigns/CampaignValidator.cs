using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Core.Templates;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>A campaign's input checked field by field (every problem at once, as a <see cref="ValidationException"/>), with its sender and rate settled.</summary>
internal sealed class CampaignValidator(ITemplateService templates, IProviderCatalog catalog, PhoneNumberNormalizer phones, TimeProvider clock)
{
    private const int MaxVariants = 4;

    public sealed record ValidInput(string Name, Guid DepartmentId, ProviderAccount Account, List<CampaignVariant> Variants, DateTime StartAt, int MessagesPerMinute);

    public async Task<ValidInput> ValidateAsync(PortalDbContext db, DepartmentScope scope, CampaignInput input, CancellationToken cancellationToken, bool requireName = true)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (input.Name ?? "").Trim();
        if (requireName && name.Length == 0)
        {
            errors[nameof(CampaignInput.Name)] = ["Give the campaign a name."];
        }
        else if (name.Length > 100)
        {
            errors[nameof(CampaignInput.Name)] = ["A name can be at most 100 characters."];
        }

        if (input.DepartmentId is not { } departmentId)
        {
            throw new ValidationException(nameof(CampaignInput.DepartmentId), "Choose a department.");
        }

        CampaignAccess.EnsureAllowed(scope, departmentId);
        var accountOptions = await AccountsAsync(db, departmentId, cancellationToken);
        var accountId = input.ProviderAccountId ?? accountOptions.FirstOrDefault()?.Id;
        var account = accountId is { } a && accountOptions.Any(o => o.Id == a)
            ? await db.ProviderAccounts.AsNoTracking().FirstAsync(p => p.Id == a, cancellationToken)
            : null;
        if (account is null)
        {
            errors[nameof(CampaignInput.ProviderAccountId)] = [accountOptions.Count == 0
                ? "This department has no provider account that sends texts. Ask an administrator to add one."
                : "Choose one of the department's provider accounts."];
        }

        var variants = new List<CampaignVariant>();
        if (input.Variants.Count is 0 or > MaxVariants)
        {
            errors[nameof(CampaignInput.Variants)] = [$"A campaign has between 1 and {MaxVariants} variants."];
        }
        else
        {
            for (var i = 0; i < input.Variants.Count; i++)
            {
                var variant = input.Variants[i];
                var key = ((char)('A' + i)).ToString();
                var body = (variant.Body ?? "").Trim();
                if (body.Length == 0 && variant.TemplateId is { } templateId)
                {
                    body = await db.Templates.AsNoTracking().Where(t => t.Id == templateId && t.IsActive && (t.DepartmentId == null || t.DepartmentId == departmentId))
                        .Select(t => t.Body).FirstOrDefaultAsync(cancellationToken) ?? "";
                }

                var why = body.Length == 0 ? "Write the text or pick a template."
                    : body.Length > MessageBodyLimits.MaxTextLength ? $"A text can be at most {MessageBodyLimits.MaxTextLength} characters."
                    : templates.Validate(body);
                if (why is not null)
                {
                    errors[$"Variants[{i}].Body"] = [input.Variants.Count == 1 ? why : $"Variant {key}: {why}"];
                }

                variants.Add(new CampaignVariant(key, variant.TemplateId, body, input.Variants.Count == 1 ? 100 : variant.Percent));
            }

            if (variants.Count > 1 && (variants.Any(v => v.Percent is < 1 or > 99) || variants.Sum(v => v.Percent) != 100))
            {
                errors[nameof(CampaignInput.Variants)] = ["The variants' shares must each be 1–99 % and add up to 100 %."];
            }
        }

        var now = Now;
        var startAt = input.StartAt is { } start ? DateTime.SpecifyKind(start, DateTimeKind.Utc) : now;
        if (startAt < now.AddMinutes(-1))
        {
            errors[nameof(CampaignInput.StartAt)] = ["That time has passed. Pick a time in the future, or leave it empty to start when scheduled."];
        }
        else if (startAt > now + SendingLimits.MaxScheduleAhead)
        {
            errors[nameof(CampaignInput.StartAt)] = [$"A campaign can start at most {SendingLimits.MaxDaysAhead} days ahead."];
        }

        var rate = input.MessagesPerMinute ?? accountOptions.FirstOrDefault(o => o.Id == account?.Id)?.MessagesPerMinute ?? 60;
        if (rate is < 1 or > CampaignLimits.MaxMessagesPerMinute)
        {
            errors[nameof(CampaignInput.MessagesPerMinute)] = ["Send between 1 and 30,000 messages a minute."];
        }

        var badNumbers = new List<string>();
        var numbers = new List<string>();
        foreach (var phone in input.Audience.Phones.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (phones.TryNormalize(phone, out var e164))
            {
                numbers.Add(e164);
            }
            else
            {
                badNumbers.Add(phone.Trim());
            }
        }

        input.Audience.Phones = [.. numbers.Distinct()];
        if (badNumbers.Count > 0)
        {
            errors["Audience.Phones"] = [$"Not phone numbers: {string.Join(", ", badNumbers.Take(5))}{(badNumbers.Count > 5 ? $" and {badNumbers.Count - 5} more" : "")}."];
        }

        if (input.Audience.ExcludeContactedWithinDays is < 0 or > 365 || input.Audience.ExcludeActiveConversationWithinHours is < 0 or > 24 * 90)
        {
            errors[nameof(CampaignInput.Audience)] = ["Exclusion periods must be between 0 and 365 days (90 days for active conversations)."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        return new ValidInput(name, departmentId, account!, variants, startAt, rate);
    }

    public async Task<List<CampaignAccountOption>> AccountsAsync(PortalDbContext db, Guid departmentId, CancellationToken cancellationToken)
    {
        var texting = catalog.All.Where(d => d.SendsTexts).ToDictionary(d => d.Kind);
        var defaultId = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.DefaultProviderAccountId).FirstOrDefaultAsync(cancellationToken);
        var accounts = await db.ProviderAccounts.AsNoTracking()
            .Where(a => a.Enabled && (a.DepartmentId == departmentId || a.Id == defaultId))
            .ToListAsync(cancellationToken);
        return [.. accounts
            .Where(a => texting.ContainsKey(a.Kind))
            .OrderBy(a => a.Id == defaultId ? 0 : 1).ThenBy(a => a.Name)
            .Select(a => new CampaignAccountOption(a.Id, texting[a.Kind].LabelFor(a.Name),
                a.Settings.TryGetValue("MessagesPerMinute", out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var own) && own > 0
                    ? own
                    : texting[a.Kind].MessagesPerMinute))];
    }


    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
