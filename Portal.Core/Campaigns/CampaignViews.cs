namespace Portal.Core.Campaigns;

public sealed record CampaignSummary(
    Guid Id, string Name, Guid DepartmentId, string DepartmentName, CampaignStatus Status, DateTime StartAt, int Recipients, int Sent, int Failed, int Replied, DateTime CreatedAt);

/// <param name="Case">What the sample shows: a typical recipient, or a merge-field fallback ("No first name").</param>
public sealed record SampleMessage(string Variant, string CustomerName, string Text, int Segments, string Case = PreviewSamples.Typical);

/// <summary>A recipient in a preview, with the consent their number has on record.</summary>
public sealed record RecipientLine(Guid CustomerId, string Name, string? Phone, string Variant, Customers.ConsentStatus Consent);

public sealed record ExclusionLine(Guid CustomerId, string Name, string? Phone, ExclusionReason Reason, string Why);

public sealed record CampaignPreview(
    int Matched,
    int Recipients,
    IReadOnlyDictionary<string, int> RecipientsByVariant,
    IReadOnlyDictionary<ExclusionReason, int> ExcludedByReason,
    IReadOnlyList<ExclusionLine> Exclusions,
    IReadOnlyList<SampleMessage> Samples,
    int MessagesPerMinute,
    TimeSpan EstimatedDuration)
{
    /// <summary>How many recipients have an opt-in on record, and how many have nothing either way.</summary>
    public IReadOnlyDictionary<Customers.ConsentStatus, int> RecipientsByConsent { get; init; } = new Dictionary<Customers.ConsentStatus, int>();

    /// <summary>The first recipients, by name, with their consent.</summary>
    public IReadOnlyList<RecipientLine> RecipientLines { get; init; } = [];

    /// <summary>Segments of every recipient's text as it goes (merged, opt-out line included): what the campaign costs.</summary>
    public int Segments { get; init; }

    /// <summary>How many of the texts carry the opt-out line (the others' customers were told in the last 30 days).</summary>
    public int WithOptOutLine { get; init; }
}

/// <summary>
/// Counts by status of a campaign's messages; a text can be both delivered and replied to. <see cref="Failed"/> counts
/// texts that went and failed; <see cref="NotSentOptedOut"/> those never sent because the number opted out meanwhile.
/// </summary>
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
    int NeedsAttention,
    int NotSentOptedOut = 0)
{
    public int Done => Sent + Delivered + Failed + Canceled + NotSentOptedOut;

    public double Fraction => Recipients == 0 ? 1 : Math.Min(1, Done / (double)Recipients);
}

public sealed record RecipientResult(
    Guid MessageId, Guid ThreadId, Guid CustomerId, string Name, string? Phone, string Variant, string Status,
    DateTime? SentAt, Messages.FailureReason? Failure, string? FailureDetail, bool Replied, DateTime? RepliedAt, bool OptedOutAfter)
{
    /// <summary>The number opted out before the text went, so it never did: not a delivery failure.</summary>
    public bool NotSentOptedOut => Status == nameof(Messages.MessageStatus.Failed) && Failure == Messages.FailureReason.OptedOut && SentAt is null;

    public bool FailedToDeliver => Status is nameof(Messages.MessageStatus.Failed) or nameof(Messages.MessageStatus.Undelivered) && !NotSentOptedOut;

    /// <summary>Where the text stands, in a manager's words.</summary>
    public string Outcome => NotSentOptedOut ? "Not sent — opted out"
        : Failure == Messages.FailureReason.OutcomeUnknown && Status == nameof(Messages.MessageStatus.Failed) ? "Outcome unknown"
        : Status;

    /// <summary>Why it failed, in plain words; the provider's code stays in <see cref="FailureDetail"/>.</summary>
    public string? FailureText => NotSentOptedOut ? null : Failure is { } reason ? Messages.FailureReasons.Describe(reason) : null;
}

public sealed record VariantResult(string Variant, int Recipients, int Sent, int Delivered, int Failed, int Replied, int OptedOut, int NotSentOptedOut = 0)
{
    public double DeliveryRate => Sent == 0 ? 0 : Delivered / (double)Sent;
    public double ReplyRate => Sent == 0 ? 0 : Replied / (double)Sent;
    public double OptOutRate => Sent == 0 ? 0 : OptedOut / (double)Sent;
}

/// <param name="Timeline">Sends and replies per time bucket.</param>
public sealed record CampaignResults(
    CampaignProgress Progress, IReadOnlyList<RecipientResult> Recipients, IReadOnlyList<VariantResult> Variants, IReadOnlyList<TimelinePoint> Timeline)
{
    /// <summary>The campaign's department's zone, in which people read its times.</summary>
    public string TimeZoneId { get; init; } = "UTC";
}

public sealed record TimelinePoint(DateTime BucketStartUtc, int Sent, int Replied);

/// <summary>A provider account a campaign of the department can send through, with the pace it defaults to.</summary>
public sealed record CampaignAccountOption(Guid Id, string Name, int MessagesPerMinute);
