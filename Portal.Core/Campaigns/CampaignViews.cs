namespace Portal.Core.Campaigns;

public sealed record CampaignSummary(
    Guid Id, string Name, Guid DepartmentId, string DepartmentName, CampaignStatus Status, DateTime StartAt, int Recipients, int Sent, int Failed, int Replied, DateTime CreatedAt);

public sealed record SampleMessage(string Variant, string CustomerName, string Text, int Segments);

public sealed record ExclusionLine(Guid CustomerId, string Name, string? Phone, ExclusionReason Reason, string Why);

public sealed record CampaignPreview(
    int Matched,
    int Recipients,
    IReadOnlyDictionary<string, int> RecipientsByVariant,
    IReadOnlyDictionary<ExclusionReason, int> ExcludedByReason,
    IReadOnlyList<ExclusionLine> Exclusions,
    IReadOnlyList<SampleMessage> Samples,
    int MessagesPerMinute,
    TimeSpan EstimatedDuration);

/// <summary>Counts by status of a campaign's messages; a text can be both delivered and replied to.</summary>
public sealed record CampaignProgress(
    Guid CampaignId,
    CampaignStatus Status,
    int Recipients,
    int Scheduled,
    int Sending,
    int Sent,
    int Delivered,
    int Failed,
    int Canceled,
    int Replied,
    int OptedOut,
    int NeedsAttention)
{
    public int Done => Sent + Delivered + Failed + Canceled;

    public double Fraction => Recipients == 0 ? 1 : Math.Min(1, Done / (double)Recipients);
}

public sealed record RecipientResult(
    Guid MessageId, Guid ThreadId, Guid CustomerId, string Name, string? Phone, string Variant, string Status,
    DateTime? SentAt, string? FailureReason, bool Replied, DateTime? RepliedAt, bool OptedOutAfter);

public sealed record VariantResult(string Variant, int Recipients, int Sent, int Delivered, int Failed, int Replied, int OptedOut)
{
    public double DeliveryRate => Sent == 0 ? 0 : Delivered / (double)Sent;
    public double ReplyRate => Sent == 0 ? 0 : Replied / (double)Sent;
    public double OptOutRate => Sent == 0 ? 0 : OptedOut / (double)Sent;
}

/// <param name="Timeline">Sends and replies per time bucket.</param>
public sealed record CampaignResults(
    CampaignProgress Progress, IReadOnlyList<RecipientResult> Recipients, IReadOnlyList<VariantResult> Variants, IReadOnlyList<TimelinePoint> Timeline);

public sealed record TimelinePoint(DateTime BucketStartUtc, int Sent, int Replied);

/// <summary>A provider account a campaign of the department can send through, with the pace it defaults to.</summary>
public sealed record CampaignAccountOption(Guid Id, string Name, int MessagesPerMinute);
