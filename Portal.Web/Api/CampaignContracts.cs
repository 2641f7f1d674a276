using Portal.Core.Campaigns;

namespace Portal.Web.Api;

/// <summary>A campaign as a draft: who gets which text, through which account, from when and how fast.</summary>
/// <param name="Name">At most 100 characters.</param>
/// <param name="ProviderAccountId">Left out: the department's default texting account.</param>
/// <param name="Variants">One text, or up to five A/B variants whose shares add up to 100.</param>
/// <param name="StartAt">When the first text may go (ISO 8601 with offset), at most 60 days ahead; left out: as soon as it is scheduled.</param>
/// <param name="MessagesPerMinute">Left out: the provider account's pace. 1–30,000.</param>
public sealed record ApiCampaignInput(
    string? Name, Guid? ProviderAccountId, IReadOnlyList<ApiCampaignVariant>? Variants, ApiCampaignAudience? Audience,
    DateTimeOffset? StartAt, int? MessagesPerMinute)
{
    public CampaignInput ToInput(Guid departmentId)
    {
        var variants = Variants ?? [];
        return new CampaignInput
        {
            Name = Name ?? "",
            DepartmentId = departmentId,
            ProviderAccountId = ProviderAccountId,
            // A null in the list is a variant with no text, refused as such.
            Variants = [.. variants.Select(v => new VariantInput { Body = v?.Body ?? "", TemplateId = v?.TemplateId, Percent = v?.Percent ?? (variants.Count == 1 ? 100 : 0) })],
            Audience = (Audience ?? ApiCampaignAudience.Everyone).ToAudience(),
            StartAt = StartAt?.UtcDateTime,
            MessagesPerMinute = MessagesPerMinute,
        };
    }
}

/// <param name="Body">The text with merge fields such as <c>{{ customer.first_name | default: "there" }}</c>; may be left out with a template.</param>
/// <param name="Percent">This variant's share of the recipients; left out for a single variant.</param>
public sealed record ApiCampaignVariant(string? Body, Guid? TemplateId, int? Percent);

/// <summary>Who the campaign is for: every filter given must match. Empty lists mean "any".</summary>
/// <param name="Phones">An explicit list of numbers (E.164): only customers with one of them.</param>
/// <param name="CustomerIds">An explicit list of customers.</param>
/// <param name="HasOpenConversation">True: only customers with an open conversation; false: only those without.</param>
/// <param name="ExcludeContactedWithinDays">Leave out anyone the department texted in the last N days (default 7; 0 turns it off).</param>
/// <param name="ExcludeActiveConversationWithinHours">Leave out anyone in a conversation active in the last N hours (default 48; 0 turns it off).</param>
/// <param name="ExcludeFailedWithinDays">Leave out numbers a provider refused as not textable (invalid, not a mobile) in the last N days (default 30; 0 turns it off).</param>
public sealed record ApiCampaignAudience(
    IReadOnlyList<string>? Tags, IReadOnlyList<string>? LeadStatuses, string? VehicleContains,
    DateTimeOffset? LastContactBefore, DateTimeOffset? LastContactAfter, bool? HasOpenConversation,
    IReadOnlyList<Guid>? CustomerIds, IReadOnlyList<string>? Phones,
    int? ExcludeContactedWithinDays, int? ExcludeActiveConversationWithinHours, int? ExcludeFailedWithinDays = null)
{
    public static readonly ApiCampaignAudience Everyone = new(null, null, null, null, null, null, null, null, null, null);

    public CampaignAudience ToAudience()
    {
        var defaults = new CampaignAudience();
        return new CampaignAudience
        {
            Tags = [.. (Tags ?? []).OfType<string>()],
            LeadStatuses = [.. (LeadStatuses ?? []).OfType<string>()],
            VehicleContains = string.IsNullOrWhiteSpace(VehicleContains) ? null : VehicleContains.Trim(),
            LastContactBefore = LastContactBefore?.UtcDateTime,
            LastContactAfter = LastContactAfter?.UtcDateTime,
            HasOpenConversation = HasOpenConversation,
            CustomerIds = [.. CustomerIds ?? []],
            Phones = [.. (Phones ?? []).OfType<string>()],
            ExcludeContactedWithinDays = ExcludeContactedWithinDays ?? defaults.ExcludeContactedWithinDays,
            ExcludeActiveConversationWithinHours = ExcludeActiveConversationWithinHours ?? defaults.ExcludeActiveConversationWithinHours,
            ExcludeFailedWithinDays = ExcludeFailedWithinDays ?? defaults.ExcludeFailedWithinDays,
        };
    }

    public static ApiCampaignAudience From(CampaignAudience a) => new(
        a.Tags, a.LeadStatuses, a.VehicleContains, Utc(a.LastContactBefore), Utc(a.LastContactAfter), a.HasOpenConversation,
        a.CustomerIds, a.Phones, a.ExcludeContactedWithinDays, a.ExcludeActiveConversationWithinHours, a.ExcludeFailedWithinDays);

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}

/// <summary>Counts of a campaign's texts by where they are; a text can be both delivered and replied to.</summary>
/// <param name="Failed">Texts that went and failed.</param>
/// <param name="NotSentOptedOut">Texts never sent because the number opted out before they were due.</param>
public sealed record ApiCampaignProgress(
    Guid CampaignId, string Status, int Recipients, int Scheduled, int Sending, int Sent, int Delivered, int Failed,
    int Canceled, int Replied, int OptedOut, int NeedsAttention, int NotSentOptedOut)
{
    public static ApiCampaignProgress From(CampaignProgress p) => new(
        p.CampaignId, p.Status.ToString(), p.Recipients, p.Scheduled, p.Sending, p.Sent, p.Delivered, p.Failed, p.Canceled, p.Replied, p.OptedOut, p.NeedsAttention, p.NotSentOptedOut);
}

public sealed record ApiCampaignSummary(
    Guid Id, string Name, Guid DepartmentId, string Status, DateTime StartAt, int Recipients, int Sent, int Failed, int Replied, DateTime CreatedAt)
{
    public static ApiCampaignSummary From(CampaignSummary s) =>
        new(s.Id, s.Name, s.DepartmentId, s.Status.ToString(), s.StartAt, s.Recipients, s.Sent, s.Failed, s.Replied, s.CreatedAt);
}

/// <summary>A campaign: what was asked for and where it stands.</summary>
public sealed record ApiCampaign(
    Guid Id, Guid DepartmentId, string Name, Guid? ProviderAccountId, IReadOnlyList<ApiCampaignVariant> Variants, ApiCampaignAudience Audience,
    DateTime? StartAt, int? MessagesPerMinute, ApiCampaignProgress Progress)
{
    public static ApiCampaign From(Guid id, CampaignInput input, CampaignProgress progress) => new(
        id, input.DepartmentId ?? Guid.Empty, input.Name, input.ProviderAccountId,
        [.. input.Variants.Select(v => new ApiCampaignVariant(v.Body, v.TemplateId, v.Percent))],
        ApiCampaignAudience.From(input.Audience), input.StartAt, input.MessagesPerMinute, ApiCampaignProgress.From(progress));
}

/// <summary>Someone the audience matched who would not get the text, and why.</summary>
public sealed record ApiCampaignExclusion(Guid CustomerId, string Name, string? Phone, string Reason, string Why);

public sealed record ApiCampaignSample(string Variant, string CustomerName, string Text, int Segments);

/// <summary>Who would get what, and who would not and why; nothing is written.</summary>
/// <param name="Matched">Customers the filters matched, before exclusions.</param>
/// <param name="EstimatedMinutes">How long sending takes at the pace, outside any sending-hours pauses.</param>
/// <param name="Segments">Segments of every recipient's text as it goes, merged and with the opt-out line where it is added.</param>
/// <param name="WithOptOutLine">Texts that carry the department's opt-out line (the others' customers were sent it in the last 30 days).</param>
public sealed record ApiCampaignPreview(
    int Matched, int Recipients, IReadOnlyDictionary<string, int> RecipientsByVariant, IReadOnlyDictionary<string, int> ExcludedByReason,
    IReadOnlyList<ApiCampaignExclusion> Exclusions, IReadOnlyList<ApiCampaignSample> Samples, int MessagesPerMinute, double EstimatedMinutes,
    int Segments, int WithOptOutLine)
{
    public static ApiCampaignPreview From(CampaignPreview p) => new(
        p.Matched, p.Recipients, p.RecipientsByVariant, p.ExcludedByReason.ToDictionary(e => e.Key.ToString(), e => e.Value),
        [.. p.Exclusions.Select(e => new ApiCampaignExclusion(e.CustomerId, e.Name, e.Phone, e.Reason.ToString(), e.Why))],
        [.. p.Samples.Select(s => new ApiCampaignSample(s.Variant, s.CustomerName, s.Text, s.Segments))],
        p.MessagesPerMinute, Math.Round(p.EstimatedDuration.TotalMinutes, 1), p.Segments, p.WithOptOutLine);
}

/// <param name="FailureReason">The reason and the provider's code, as in <c>InvalidPhoneNumber: 21211</c>.</param>
/// <param name="NotSentOptedOut">Never sent: the number opted out before the text was due.</param>
public sealed record ApiCampaignRecipient(
    Guid MessageId, Guid ThreadId, Guid CustomerId, string Name, string? Phone, string Variant, string Status,
    DateTime? SentAt, string? FailureReason, bool Replied, DateTime? RepliedAt, bool OptedOutAfter, bool NotSentOptedOut)
{
    public static ApiCampaignRecipient From(RecipientResult r) => new(
        r.MessageId, r.ThreadId, r.CustomerId, r.Name, r.Phone, r.Variant, r.Status, r.SentAt, r.Failure is { } why ? $"{why}: {r.FailureDetail}" : null,
        r.Replied, r.RepliedAt, r.OptedOutAfter, r.NotSentOptedOut);
}

public sealed record ApiCampaignVariantResult(
    string Variant, int Recipients, int Sent, int Delivered, int Failed, int Replied, int OptedOut, double DeliveryRate, double ReplyRate, double OptOutRate, int NotSentOptedOut)
{
    public static ApiCampaignVariantResult From(VariantResult v) => new(
        v.Variant, v.Recipients, v.Sent, v.Delivered, v.Failed, v.Replied, v.OptedOut, v.DeliveryRate, v.ReplyRate, v.OptOutRate, v.NotSentOptedOut);
}

/// <summary>A campaign's outcome: counts, per-variant rates, and one page of its recipients.</summary>
public sealed record ApiCampaignResults(ApiCampaignProgress Progress, IReadOnlyList<ApiCampaignVariantResult> Variants, ApiPage<ApiCampaignRecipient> Recipients);
