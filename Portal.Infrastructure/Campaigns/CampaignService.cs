using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

internal sealed class CampaignService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ITemplateService templates,
    IProviderCatalog catalog,
    PhoneNumberNormalizer phones,
    IJobScheduler jobs,
    IConversationNotifier notifier,
    CampaignProgressReader progress,
    IOptions<CampaignOptions> options,
    TimeProvider clock,
    ILogger<CampaignService> logger) : ICampaignService
{
    private static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(60);
    private const int MaxVariants = 4;

    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = scope.DepartmentIds.ToList();
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => scope.AllDepartments || departments.Contains(c.DepartmentId))
            .Join(db.Departments, c => c.DepartmentId, d => d.Id, (c, d) => new { c.Id, c.Name, c.DepartmentId, Department = d.Name, c.Status, c.StartAt, c.RecipientCount, c.CreatedAt })
            .ToListAsync(cancellationToken);
        var ids = campaigns.Select(c => c.Id).ToList();
        var counts = await db.Messages.AsNoTracking()
            .Where(m => m.CampaignId != null && ids.Contains(m.CampaignId.Value))
            .GroupBy(m => m.CampaignId)
            .Select(g => new
            {
                Id = g.Key!.Value,
                Sent = g.Count(m => m.SentAt != null),
                Failed = g.Count(m => m.Status == MessageStatus.Failed || m.Status == MessageStatus.Undelivered),
            })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        // Counted apart: SQL Server does not take a subquery inside an aggregate.
        var replied = await db.Messages.AsNoTracking()
            .Where(m => m.CampaignId != null && ids.Contains(m.CampaignId.Value) && m.SentAt != null
                && db.Messages.Any(r => r.ThreadId == m.ThreadId && r.Direction == MessageDirection.Inbound && r.OccurredAt > m.SentAt))
            .GroupBy(m => m.CampaignId)
            .Select(g => new { Id = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, cancellationToken);
        return [.. campaigns
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => counts.GetValueOrDefault(c.Id) is { } n
                ? new CampaignSummary(c.Id, c.Name, c.DepartmentId, c.Department, c.Status, c.StartAt, c.RecipientCount, n.Sent, n.Failed, replied.GetValueOrDefault(c.Id), c.CreatedAt)
                : new CampaignSummary(c.Id, c.Name, c.DepartmentId, c.Department, c.Status, c.StartAt, c.RecipientCount, 0, 0, 0, c.CreatedAt))];
    }

    public async Task<IReadOnlyList<CampaignAccountOption>> ListAccountsAsync(DepartmentScope scope, Guid departmentId, CancellationToken cancellationToken = default)
    {
        EnsureAllowed(scope, departmentId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AccountsAsync(db, departmentId, cancellationToken);
    }

    public async Task<Guid> SaveDraftAsync(DepartmentScope scope, Guid? campaignId, CampaignInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var valid = await ValidateAsync(db, scope, input, cancellationToken);
        var campaign = campaignId is { } id
            ? await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("The campaign")
            : db.Campaigns.Add(Campaign.NewDraft(valid.Name, actor.UserId == Guid.Empty ? null : actor.UserId, actor.Name)).Entity;
        EnsureAllowed(scope, campaign.DepartmentId == Guid.Empty ? valid.DepartmentId : campaign.DepartmentId);
        campaign.EditDraft(valid.Name, valid.DepartmentId, valid.Account.Id, valid.Variants, input.Audience, valid.StartAt, valid.MessagesPerMinute);
        await db.SaveChangesAsync(cancellationToken);
        return campaign.Id;
    }

    public async Task<CampaignInput> GetInputAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await LoadAsync(db, scope, campaignId, cancellationToken);
        return new CampaignInput
        {
            Name = campaign.Name,
            DepartmentId = campaign.DepartmentId,
            ProviderAccountId = campaign.ProviderAccountId,
            Variants = [.. campaign.Variants.Select(v => new VariantInput { TemplateId = v.TemplateId, Body = v.Body, Percent = v.Percent })],
            Audience = campaign.Audience,
            StartAt = campaign.StartAt,
            MessagesPerMinute = campaign.MessagesPerMinute,
        };
    }

    public async Task<CampaignPreview> PreviewAsync(DepartmentScope scope, CampaignInput input, Actor actor, int samples = 3, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var valid = await ValidateAsync(db, scope, input, cancellationToken, requireName: false);
        var (plan, matched) = await PlanAsync(db, valid.DepartmentId, input.Audience, valid.Variants, cancellationToken);
        var department = await db.Departments.AsNoTracking().FirstAsync(d => d.Id == valid.DepartmentId, cancellationToken);
        var sampleMessages = valid.Variants
            .SelectMany(v => plan.Recipients.Where(r => r.Variant == v.Key).Take(samples).Select(r =>
            {
                var text = Render(v, r.Candidate.Customer!, actor.Name, department.Name);
                return new SampleMessage(v.Key, r.Candidate.Name, text, SmsSegmentCounter.Count(text).Segments);
            }))
            .ToList();
        return new CampaignPreview(
            matched,
            plan.Recipients.Count,
            valid.Variants.ToDictionary(v => v.Key, v => plan.Recipients.Count(r => r.Variant == v.Key)),
            plan.ExcludedByReason,
            [.. plan.Excluded.Select(e => new ExclusionLine(e.Candidate.CustomerId, e.Candidate.Name, e.Candidate.Phone, e.Reason, e.Reason.Describe(input.Audience)))],
            sampleMessages,
            valid.MessagesPerMinute,
            TimeSpan.FromMinutes(plan.Recipients.Count / (double)valid.MessagesPerMinute));
    }

    public async Task<CampaignProgress> ScheduleAsync(DepartmentScope scope, Guid campaignId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await LoadAsync(db, scope, campaignId, cancellationToken);
        if (campaign.Status != CampaignStatus.Draft)
        {
            throw new DomainException("This campaign is already scheduled.");
        }

        var now = Now;
        var startAt = campaign.StartAt < now ? now : campaign.StartAt;
        var department = await db.Departments.FirstAsync(d => d.Id == campaign.DepartmentId, cancellationToken);
        var (plan, _) = await PlanAsync(db, campaign.DepartmentId, campaign.Audience, campaign.Variants, cancellationToken);
        if (plan.Recipients.Count == 0)
        {
            throw new ValidationException("Audience", "Nobody in this audience can be texted. Preview it to see why.");
        }

        if (plan.Recipients.Count > options.Value.MaxRecipients)
        {
            throw new ValidationException("Audience", $"A campaign can reach at most {options.Value.MaxRecipients:N0} people; this audience has {plan.Recipients.Count:N0}.");
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var variants = campaign.Variants.ToDictionary(v => v.Key);
        // Staff reading the conversation see where the text came from.
        var author = $"Campaign · {campaign.Name}";
        author = author.Length <= 100 ? author : author[..100];
        foreach (var recipient in plan.Recipients)
        {
            var customer = recipient.Candidate.Customer!;
            var threadId = recipient.Candidate.ThreadId ?? NewThread(db, campaign.DepartmentId, customer.Id, now);
            var variant = variants[recipient.Variant];
            var zone = CampaignWindow.RecipientZones(customer.TimeZoneId, customer.Phone, department.TimeZone);
            var message = Message.Create(threadId, MessageDirection.Outbound, MessageKind.Text,
                Render(variant, customer, campaign.CreatedByName ?? actor.Name, department.Name), MessageStatus.Draft, now);
            message.AuthorType = AuthorType.Campaign;
            message.AuthorUserId = actor.UserId == Guid.Empty ? null : actor.UserId;
            message.AuthorName = author;
            message.CampaignId = campaign.Id;
            message.CampaignVariant = recipient.Variant;
            message.TemplateId = variant.TemplateId;
            message.ProviderAccountId = campaign.ProviderAccountId;
            message.IsAutomated = true;
            message.SendAt = CampaignWindow.NextOpening(startAt, department.SendingHours, zone);
            message.MoveTo(MessageStatus.Scheduled, now);
            db.Messages.Add(message);
        }

        campaign.Schedule(startAt, plan.Recipients.Count, plan.Excluded.Count, now);
        db.ChangeTracker.DetectChanges();
        // One transaction: the campaign is scheduled with all its messages, or not at all.
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Someone changed this campaign meanwhile. Open it again.");
        }

        jobs.ScheduleCampaignRun(campaign.Id, startAt);
        logger.LogInformation("Campaign {CampaignId} scheduled for {Recipients} recipients ({Excluded} left out) from {StartAt:o}",
            campaign.Id, plan.Recipients.Count, plan.Excluded.Count, startAt);
        return await PublishAsync(campaign, cancellationToken);
    }

    public Task PauseAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(scope, campaignId, c => c.Pause(), cancellationToken);

    public async Task ResumeAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        await ChangeStatusAsync(scope, campaignId, c => c.Resume(), cancellationToken);
        jobs.ScheduleCampaignRun(campaignId, Now);
    }

    public async Task CancelAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        int canceled;
        Campaign campaign;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // The campaign and its unsent messages change together, or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            campaign = await LoadAsync(db, scope, campaignId, cancellationToken);
            campaign.Cancel(now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainException("The campaign changed just now (a batch went out). Try again.");
            }

            // Only what has not gone: a message a runner already claimed (Sending) finishes; the revision bump beats a racing claim.
            canceled = await db.Messages
                .Where(m => m.CampaignId == campaignId && (m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Retrying || m.Status == MessageStatus.Queued))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Status, MessageStatus.Canceled)
                    .SetProperty(m => m.CanceledAt, now)
                    .SetProperty(m => m.UpdatedAt, now)
                    .SetProperty(m => m.Revision, m => m.Revision + 1), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Campaign {CampaignId} canceled; {Canceled} messages will not be sent", campaignId, canceled);
        await PublishAsync(campaign, cancellationToken);
    }

    public async Task<CampaignProgress> GetProgressAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await LoadAsync(db, scope, campaignId, cancellationToken);
        }

        return await progress.ReadAsync(campaignId, cancellationToken);
    }

    public async Task<CampaignResults> GetResultsAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        var counts = await GetProgressAsync(scope, campaignId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.CampaignId == campaignId)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { m, t.CustomerId })
            .Join(db.Customers, x => x.CustomerId, c => c.Id, (x, c) => new
            {
                x.m.Id, x.m.ThreadId, x.CustomerId, c.FirstName, c.LastName, c.Phone, x.m.CampaignVariant, x.m.Status, x.m.SentAt, x.m.FailureReason, x.m.FailureDetail,
                c.Consent, c.ConsentChangedAt,
                RepliedAt = db.Messages.Where(r => r.ThreadId == x.m.ThreadId && r.Direction == MessageDirection.Inbound && x.m.SentAt != null && r.OccurredAt > x.m.SentAt)
                    .Min(r => (DateTime?)r.OccurredAt),
            })
            .ToListAsync(cancellationToken);
        var recipients = rows
            .Select(r => new RecipientResult(r.Id, r.ThreadId, r.CustomerId, $"{r.FirstName} {r.LastName}".Trim() is { Length: > 0 } name ? name : r.Phone ?? "Unknown",
                r.Phone, r.CampaignVariant ?? "A", r.Status.ToString(), r.SentAt,
                r.FailureReason is null ? null : $"{r.FailureReason}: {r.FailureDetail}", r.RepliedAt is not null, r.RepliedAt,
                r.SentAt is not null && r.Consent == ConsentStatus.OptedOut && r.ConsentChangedAt > r.SentAt))
            .OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var variants = recipients.GroupBy(r => r.Variant).OrderBy(g => g.Key)
            .Select(g => new VariantResult(g.Key, g.Count(),
                g.Count(r => r.SentAt is not null),
                g.Count(r => r.Status == nameof(MessageStatus.Delivered)),
                g.Count(r => r.Status is nameof(MessageStatus.Failed) or nameof(MessageStatus.Undelivered)),
                g.Count(r => r.Replied),
                g.Count(r => r.OptedOutAfter)))
            .ToList();
        return new CampaignResults(counts, recipients, variants, Timeline(recipients));
    }

    /// <summary>Sends and first replies per bucket: minutes for a short campaign, hours or days for a long one.</summary>
    private static List<TimelinePoint> Timeline(IReadOnlyList<RecipientResult> recipients)
    {
        var moments = recipients.Select(r => r.SentAt).Concat(recipients.Select(r => r.RepliedAt)).OfType<DateTime>().ToList();
        if (moments.Count == 0)
        {
            return [];
        }

        var span = moments.Max() - moments.Min();
        var bucket = span <= TimeSpan.FromHours(2) ? TimeSpan.FromMinutes(1) : span <= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        DateTime Floor(DateTime t) => new(t.Ticks - t.Ticks % bucket.Ticks, DateTimeKind.Utc);
        return [.. moments.Select(Floor).Distinct().Order()
            .Select(b => new TimelinePoint(b,
                recipients.Count(r => r.SentAt is { } s && Floor(s) == b),
                recipients.Count(r => r.RepliedAt is { } p && Floor(p) == b)))];
    }

    /// <summary>Pause and resume; cancel has its own transaction with the messages.</summary>
    private async Task ChangeStatusAsync(DepartmentScope scope, Guid campaignId, Action<Campaign> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var campaign = await LoadAsync(db, scope, campaignId, cancellationToken);
            change(campaign);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await PublishAsync(campaign, cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The runner renewed its lease meanwhile; read it again.
            }
        }
    }

    private sealed record ValidInput(string Name, Guid DepartmentId, ProviderAccount Account, List<CampaignVariant> Variants, DateTime StartAt, int MessagesPerMinute);

    private async Task<ValidInput> ValidateAsync(PortalDbContext db, DepartmentScope scope, CampaignInput input, CancellationToken cancellationToken, bool requireName = true)
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

        EnsureAllowed(scope, departmentId);
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
        else if (startAt > now + MaxScheduleAhead)
        {
            errors[nameof(CampaignInput.StartAt)] = ["A campaign can start at most 60 days ahead."];
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

    private async Task<List<CampaignAccountOption>> AccountsAsync(PortalDbContext db, Guid departmentId, CancellationToken cancellationToken)
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

    private async Task<(AudiencePlan Plan, int Matched)> PlanAsync(PortalDbContext db, Guid departmentId, CampaignAudience audience, List<CampaignVariant> variants, CancellationToken cancellationToken)
    {
        var now = Now;
        var candidates = await CampaignAudienceQuery.CandidatesAsync(db, departmentId, audience, now, cancellationToken);
        var optedOut = await CampaignAudienceQuery.OptedOutNumbersAsync(db, cancellationToken);
        return (AudiencePlanner.Plan(candidates, audience, variants, optedOut, phones, now), candidates.Count);
    }

    private string Render(CampaignVariant variant, Customer customer, string? senderName, string departmentName) =>
        templates.Render(variant.Body, MergeContext.For(customer, senderName, departmentName));

    private static Guid NewThread(PortalDbContext db, Guid departmentId, Guid customerId, DateTime now)
    {
        // Closed until the customer answers: a reply reopens it, and a thousand unanswered texts do not fill the inbox.
        var thread = new ConversationThread { DepartmentId = departmentId, CustomerId = customerId, Status = ThreadStatus.Closed, ClosedAt = now, LastActivityAt = now };
        db.Threads.Add(thread);
        return thread.Id;
    }

    private static async Task<Campaign> LoadAsync(PortalDbContext db, DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken) ?? throw new NotFoundException("The campaign");
        EnsureAllowed(scope, campaign.DepartmentId);
        return campaign;
    }

    private static void EnsureAllowed(DepartmentScope scope, Guid departmentId)
    {
        if (!scope.Allows(departmentId))
        {
            throw new AccessDeniedException();
        }
    }

    private async Task<CampaignProgress> PublishAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var counts = await progress.ReadAsync(campaign.Id, cancellationToken);
        await notifier.PublishAsync(ConversationEvent.CampaignProgressed(campaign.DepartmentId, counts), cancellationToken);
        return counts;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
