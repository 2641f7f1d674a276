using Portal.Core.Consent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Core.Security;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>
/// Drafts, previews and schedules campaigns. Scheduling writes the campaign with one message per recipient, in their
/// own conversation and at their window's opening, in one transaction, then wakes the runner.
/// </summary>
internal sealed class CampaignScheduler(
    IDbContextFactory<PortalDbContext> dbFactory,
    CampaignValidator validator,
    ITemplateService templates,
    PhoneNumberNormalizer phones,
    IJobScheduler jobs,
    CampaignProgressPublisher publisher,
    IOptions<CampaignOptions> options,
    TimeProvider clock,
    ILogger logger)
{
    public async Task<Guid> SaveDraftAsync(DepartmentScope scope, Guid? campaignId, CampaignInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var valid = await validator.ValidateAsync(db, scope, input, cancellationToken);
        var campaign = campaignId is { } id
            ? await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("The campaign")
            : db.Campaigns.Add(Campaign.NewDraft(valid.Name, actor.UserId == Guid.Empty ? null : actor.UserId, actor.Name)).Entity;
        CampaignAccess.EnsureAllowed(scope, campaign.DepartmentId == Guid.Empty ? valid.DepartmentId : campaign.DepartmentId);
        campaign.EditDraft(valid.Name, valid.DepartmentId, valid.Account.Id, valid.Variants, input.Audience, valid.StartAt, valid.MessagesPerMinute);
        if (campaignId is not null)
        {
            // Saved as a draft only if it still is one: a schedule saved since it was read wins.
            db.SaveOnlyIfUnchanged(campaign);
        }

        await db.SaveChangesAsync(cancellationToken);
        return campaign.Id;
    }

    public async Task<CampaignInput> GetInputAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await CampaignAccess.LoadAsync(db, scope, campaignId, cancellationToken);
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
        var valid = await validator.ValidateAsync(db, scope, input, cancellationToken, requireName: false);
        var (plan, matched) = await PlanAsync(db, valid.DepartmentId, input.Audience, valid.Variants, cancellationToken);
        var department = await db.Departments.AsNoTracking().FirstAsync(d => d.Id == valid.DepartmentId, cancellationToken);
        var picks = valid.Variants
            .SelectMany(v => PreviewSamples.Pick(plan.Recipients.Where(r => r.Variant == v.Key), samples).Select(pick => (Variant: v, pick.Recipient, pick.Case)))
            .ToList();
        var toldLately = await Consent.OptOutLineHistory.ToldLatelyAsync(db, plan.Recipients.Select(r => r.Candidate.Customer!.Id), Now, cancellationToken);
        var variants = valid.Variants.ToDictionary(v => v.Key);
        // Every text as it will go (merged, with the opt-out line unless the customer was told lately or the text says
        // how to stop): the samples show some, the estimate adds up all.
        var asSent = plan.Recipients.ToDictionary(r => r, r => OptOutLine.AddTo(
            Render(variants[r.Variant], r.Candidate.Customer!, actor.Name, department.Name), department.OptOutLine, due: !toldLately.Contains(r.Candidate.Customer!.Id)));
        var sampleMessages = picks
            .Select(p => (Pick: p, asSent[p.Recipient].Text))
            .Select(s => new SampleMessage(s.Pick.Variant.Key, s.Pick.Recipient.Candidate.Name, s.Text, SmsSegmentCounter.Count(s.Text).Segments, s.Pick.Case))
            .ToList();
        return new CampaignPreview(
            matched,
            plan.Recipients.Count,
            valid.Variants.ToDictionary(v => v.Key, v => plan.Recipients.Count(r => r.Variant == v.Key)),
            plan.ExcludedByReason,
            [.. plan.Excluded.Select(e => new ExclusionLine(e.Candidate.CustomerId, e.Candidate.Name, e.Candidate.Phone, e.Reason, e.Reason.Describe(input.Audience)))],
            sampleMessages,
            valid.MessagesPerMinute,
            TimeSpan.FromMinutes(plan.Recipients.Count / (double)valid.MessagesPerMinute))
        {
            RecipientsByConsent = plan.Recipients.GroupBy(r => r.Candidate.Consent).ToDictionary(g => g.Key, g => g.Count()),
            RecipientLines = [.. plan.Recipients.OrderBy(r => r.Candidate.Name, StringComparer.CurrentCultureIgnoreCase).Take(PreviewRecipientLines)
                .Select(r => new RecipientLine(r.Candidate.CustomerId, r.Candidate.Name, r.Candidate.Phone, r.Variant, r.Candidate.Consent))],
            Segments = asSent.Values.Sum(t => SmsSegmentCounter.Count(t.Text).Segments),
            WithOptOutLine = asSent.Values.Count(t => t.Added),
        };
    }

    private const int PreviewRecipientLines = 200;

    public async Task<CampaignProgress> ScheduleAsync(DepartmentScope scope, Guid campaignId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await CampaignAccess.LoadAsync(db, scope, campaignId, cancellationToken);
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

        var toldLately = await Consent.OptOutLineHistory.ToldLatelyAsync(db, plan.Recipients.Select(r => r.Candidate.Customer!.Id), now, cancellationToken);
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
            var due = !toldLately.Contains(customer.Id);
            var (text, added) = OptOutLine.AddTo(Render(variant, customer, campaign.CreatedByName ?? actor.Name, department.Name), department.OptOutLine, due);
            var message = Message.Create(threadId, MessageDirection.Outbound, MessageKind.Text, text, MessageStatus.Draft, now);
            // Told how to stop: by the line, or by the text's own words.
            message.CarriesOptOutLine = added || (due && OptOutLine.AlreadySays(text));
            message.AuthorType = AuthorType.Campaign;
            message.AuthorUserId = actor.UserId == Guid.Empty ? null : actor.UserId;
            message.AuthorName = author;
            message.CampaignId = campaign.Id;
            message.CampaignVariant = recipient.Variant;
            message.TemplateId = variant.TemplateId;
            message.ProviderAccountId = campaign.ProviderAccountId;
            message.IsAutomated = true;
            message.SendAt = RecipientWindow.For(department, customer, campaign: true).NextOpening(startAt);
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
        return await publisher.PublishAsync(campaign, cancellationToken);
    }

    private async Task<(AudiencePlan Plan, int Matched)> PlanAsync(PortalDbContext db, Guid departmentId, CampaignAudience audience, List<CampaignVariant> variants, CancellationToken cancellationToken)
    {
        var now = Now;
        var candidates = await CampaignAudienceQuery.CandidatesAsync(db, departmentId, audience, now, cancellationToken);
        var optedOut = await Consent.OptedOutNumbers.AllAsync(db, cancellationToken);
        var failed = await CampaignAudienceQuery.FailedNumbersAsync(db, audience, now, cancellationToken);
        var needsConsent = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.MarketingNeedsRecordedConsent).FirstOrDefaultAsync(cancellationToken);
        return (AudiencePlanner.Plan(candidates, audience, variants, new AudienceFacts(optedOut, failed, needsConsent, phones, now)), candidates.Count);
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

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
