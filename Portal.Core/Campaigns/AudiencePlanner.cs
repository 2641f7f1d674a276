using Portal.Core.Customers;

namespace Portal.Core.Campaigns;

/// <summary>A customer the audience filters matched, with what the exclusion rules need to know.</summary>
public sealed record AudienceCandidate(
    Guid CustomerId,
    string Name,
    string? Phone,
    bool OptedOut,
    Guid? ThreadId,
    bool ThreadOpen,
    DateTime? LastActivityAt,
    DateTime? LastOutboundAt)
{
    public Customer? Customer { get; init; }

    /// <summary>The number's consent as recorded (the ledger's projection on the customer).</summary>
    public ConsentStatus Consent { get; init; } = OptedOut ? ConsentStatus.OptedOut : ConsentStatus.Unknown;
}

/// <summary>What the exclusion rules read besides the candidates: the numbers' histories and the department's consent rule.</summary>
/// <param name="OptedOutNumbers">Numbers whose consent ledger says opted out.</param>
/// <param name="FailedNumbers">Numbers a provider refused as not textable (invalid, not mobile) within the audience's window.</param>
/// <param name="RequireRecordedConsent">The department texts marketing only to customers whose opt-in is on record.</param>
public sealed record AudienceFacts(IReadOnlySet<string> OptedOutNumbers, IReadOnlySet<string> FailedNumbers, bool RequireRecordedConsent, PhoneNumberNormalizer Phones, DateTime UtcNow);

public sealed record PlannedRecipient(AudienceCandidate Candidate, string Variant);

public sealed record ExcludedRecipient(AudienceCandidate Candidate, ExclusionReason Reason);

public sealed record AudiencePlan(IReadOnlyList<PlannedRecipient> Recipients, IReadOnlyList<ExcludedRecipient> Excluded)
{
    public IReadOnlyDictionary<ExclusionReason, int> ExcludedByReason { get; } =
        Excluded.GroupBy(e => e.Reason).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>
/// Decides who of the matched customers gets the campaign and who does not, and why; then splits the recipients
/// between the variants. The split is by a stable hash of the customer, so a preview and the schedule agree.
/// </summary>
public static class AudiencePlanner
{
    public static AudiencePlan Plan(IEnumerable<AudienceCandidate> candidates, CampaignAudience audience, IReadOnlyList<CampaignVariant> variants, AudienceFacts facts)
    {
        var recipients = new List<PlannedRecipient>();
        var excluded = new List<ExcludedRecipient>();
        var seenNumbers = new HashSet<string>(StringComparer.Ordinal);
        var contactedSince = audience.ExcludeContactedWithinDays is > 0 and var days ? facts.UtcNow.AddDays(-days) : (DateTime?)null;
        var activeSince = audience.ExcludeActiveConversationWithinHours is > 0 and var hours ? facts.UtcNow.AddHours(-hours) : (DateTime?)null;

        // Customers in a stable order, so which of two records sharing a number is kept does not change between runs.
        foreach (var candidate in candidates.OrderBy(c => c.CustomerId))
        {
            var reason = WhyExcluded(candidate, facts, contactedSince, activeSince);
            if (reason is null && !seenNumbers.Add(candidate.Phone!))
            {
                reason = ExclusionReason.Duplicate;
            }

            if (reason is { } why)
            {
                excluded.Add(new ExcludedRecipient(candidate, why));
            }
            else
            {
                recipients.Add(new PlannedRecipient(candidate, VariantFor(candidate.CustomerId, variants)));
            }
        }

        return new AudiencePlan(recipients, excluded);
    }

    private static ExclusionReason? WhyExcluded(AudienceCandidate candidate, AudienceFacts facts, DateTime? contactedSince, DateTime? activeSince)
    {
        if (string.IsNullOrEmpty(candidate.Phone))
        {
            return ExclusionReason.NoPhoneNumber;
        }

        if (candidate.OptedOut || facts.OptedOutNumbers.Contains(candidate.Phone))
        {
            return ExclusionReason.OptedOut;
        }

        if (SenderAddress.KindOf(candidate.Phone) != SenderKind.PhoneNumber)
        {
            return ExclusionReason.UnreachableSender;
        }

        if (!facts.Phones.TryNormalize(candidate.Phone, out _))
        {
            return ExclusionReason.InvalidNumber;
        }

        if (facts.FailedNumbers.Contains(candidate.Phone))
        {
            return ExclusionReason.RecentlyFailed;
        }

        if (facts.RequireRecordedConsent && candidate.Consent != ConsentStatus.OptedIn)
        {
            return ExclusionReason.NoConsentOnRecord;
        }

        if (contactedSince is { } since && candidate.LastOutboundAt >= since)
        {
            return ExclusionReason.RecentlyContacted;
        }

        if (activeSince is { } active && candidate.ThreadOpen && candidate.LastActivityAt >= active)
        {
            return ExclusionReason.ActiveConversation;
        }

        return null;
    }

    /// <summary>The variant for a customer: a bucket 0–99 from the customer id, laid over the variants' shares in order.</summary>
    public static string VariantFor(Guid customerId, IReadOnlyList<CampaignVariant> variants)
    {
        if (variants.Count <= 1)
        {
            return variants.Count == 1 ? variants[0].Key : "A";
        }

        // FNV-1a over all 16 bytes: version 7 ids start with a timestamp, so their leading bytes alone would not spread.
        Span<byte> bytes = stackalloc byte[16];
        customerId.TryWriteBytes(bytes);
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        var bucket = (int)(hash % 100);
        var upTo = 0;
        foreach (var variant in variants)
        {
            upTo += variant.Percent;
            if (bucket < upTo)
            {
                return variant.Key;
            }
        }

        return variants[^1].Key;
    }
}
