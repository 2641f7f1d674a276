using Portal.Core.Campaigns;
using Portal.Core.Customers;

namespace Portal.Tests.Core;

public class AudiencePlannerTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 18, 0, 0, DateTimeKind.Utc);
    private static readonly PhoneNumberNormalizer Phones = new("US");
    private static readonly CampaignVariant[] OneVariant = [new("A", null, "Hi", 100)];

    private static AudienceCandidate Candidate(string? phone, bool optedOut = false, bool open = false, DateTime? lastActivity = null, DateTime? lastOutbound = null) =>
        new(Guid.NewGuid(), "Someone", phone, optedOut, Guid.NewGuid(), open, lastActivity, lastOutbound);

    public static TheoryData<string, ExclusionReason> Exclusions => new()
    {
        { "opted-out", ExclusionReason.OptedOut },
        { "number-opted-out-elsewhere", ExclusionReason.OptedOut },
        { "no-phone", ExclusionReason.NoPhoneNumber },
        { "short-code", ExclusionReason.UnreachableSender },
        { "alphanumeric", ExclusionReason.UnreachableSender },
        { "invalid", ExclusionReason.InvalidNumber },
        { "contacted-2-days-ago", ExclusionReason.RecentlyContacted },
        { "active-1-hour-ago", ExclusionReason.ActiveConversation },
        { "refused-as-invalid-last-week", ExclusionReason.RecentlyFailed },
        { "no-consent-on-record", ExclusionReason.NoConsentOnRecord },
    };

    private static AudienceFacts Facts(string[]? optedOut = null, string[]? failed = null, bool requireConsent = false) =>
        new(new HashSet<string>(optedOut ?? []), new HashSet<string>(failed ?? []), requireConsent, Phones, Now);

    [Theory]
    [MemberData(nameof(Exclusions))]
    public void Each_exclusion_is_reported_with_its_reason(string who, ExclusionReason reason)
    {
        var candidate = who switch
        {
            "opted-out" => Candidate("+13125550111", optedOut: true),
            "number-opted-out-elsewhere" => Candidate("+13125550112"),
            "no-phone" => Candidate(null),
            "short-code" => Candidate("72345"),
            "alphanumeric" => Candidate("ACMEAUTO"),
            "invalid" => Candidate("+15550000000"),
            "contacted-2-days-ago" => Candidate("+13125550113", lastOutbound: Now.AddDays(-2)),
            "active-1-hour-ago" => Candidate("+13125550114", open: true, lastActivity: Now.AddHours(-1)),
            "refused-as-invalid-last-week" => Candidate("+13125550115"),
            "no-consent-on-record" => Candidate("+13125550116"),
            _ => throw new ArgumentOutOfRangeException(nameof(who)),
        };

        var plan = AudiencePlanner.Plan([candidate], new CampaignAudience { ExcludeContactedWithinDays = 7, ExcludeActiveConversationWithinHours = 48 },
            OneVariant, Facts(optedOut: ["+13125550112"], failed: ["+13125550115"], requireConsent: who == "no-consent-on-record"));

        Assert.Empty(plan.Recipients);
        Assert.Equal(reason, Assert.Single(plan.Excluded).Reason);
    }

    [Fact]
    public void Rules_that_are_off_exclude_nobody_and_outside_their_period_nobody_either()
    {
        var candidates = new[]
        {
            Candidate("+13125550113", lastOutbound: Now.AddDays(-8)),
            Candidate("+13125550114", open: true, lastActivity: Now.AddHours(-49)),
            Candidate("+13125550115", open: false, lastActivity: Now.AddMinutes(-5)),
        };

        Assert.Equal(3, AudiencePlanner.Plan(candidates, new CampaignAudience(), OneVariant, Facts()).Recipients.Count);
        var off = new CampaignAudience { ExcludeContactedWithinDays = null, ExcludeActiveConversationWithinHours = null };
        var recent = new[] { Candidate("+13125550116", open: true, lastActivity: Now, lastOutbound: Now) };
        Assert.Single(AudiencePlanner.Plan(recent, off, OneVariant, Facts()).Recipients);
    }

    [Fact]
    public void With_recorded_consent_required_only_opted_in_customers_get_marketing()
    {
        var optedIn = Candidate("+13125550130") with { Consent = ConsentStatus.OptedIn };
        var unknown = Candidate("+13125550131");

        var plan = AudiencePlanner.Plan([optedIn, unknown], new CampaignAudience(), OneVariant, Facts(requireConsent: true));

        Assert.Equal(optedIn.CustomerId, Assert.Single(plan.Recipients).Candidate.CustomerId);
        Assert.Equal((unknown.CustomerId, ExclusionReason.NoConsentOnRecord), (Assert.Single(plan.Excluded).Candidate.CustomerId, plan.Excluded[0].Reason));
        Assert.Equal(2, AudiencePlanner.Plan([optedIn, unknown], new CampaignAudience(), OneVariant, Facts()).Recipients.Count);
    }

    [Fact]
    public void Two_records_with_one_number_get_one_text()
    {
        var plan = AudiencePlanner.Plan([Candidate("+13125550120"), Candidate("+13125550120"), Candidate("+13125550121")],
            new CampaignAudience(), OneVariant, Facts());

        Assert.Equal(2, plan.Recipients.Count);
        Assert.Equal(ExclusionReason.Duplicate, Assert.Single(plan.Excluded).Reason);
        Assert.Equal(1, plan.ExcludedByReason[ExclusionReason.Duplicate]);
    }

    [Fact]
    public void Variants_split_by_their_shares_and_the_same_customer_always_gets_the_same_one()
    {
        CampaignVariant[] variants = [new("A", null, "a", 70), new("B", null, "b", 30)];
        var ids = Enumerable.Range(0, 10_000).Select(_ => Guid.CreateVersion7()).ToList();

        var first = ids.Select(id => AudiencePlanner.VariantFor(id, variants)).ToList();
        var again = ids.Select(id => AudiencePlanner.VariantFor(id, variants)).ToList();

        Assert.Equal(first, again);
        Assert.InRange(first.Count(v => v == "A") / 10_000.0, 0.67, 0.73);
        Assert.Equal("A", AudiencePlanner.VariantFor(Guid.NewGuid(), OneVariant));
    }
}
