using Portal.Core.Campaigns;
using Portal.Core.Common;
using static Portal.Core.Campaigns.CampaignStatus;

namespace Portal.Tests.Core;

public class CampaignLifecycleTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);

    /// <summary>The transitions the design allows, written out independently of the implementation's table.</summary>
    private static readonly HashSet<(CampaignStatus From, CampaignStatus To)> Expected =
    [
        (Draft, Scheduled), (Draft, Canceled),
        (Scheduled, Running), (Scheduled, Paused), (Scheduled, Completed), (Scheduled, Canceled),
        (Running, Paused), (Running, Completed), (Running, Canceled),
        (Paused, Running), (Paused, Canceled),
    ];

    public static TheoryData<CampaignStatus, CampaignStatus> AllPairs()
    {
        var data = new TheoryData<CampaignStatus, CampaignStatus>();
        foreach (var from in Enum.GetValues<CampaignStatus>())
        {
            foreach (var to in Enum.GetValues<CampaignStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    public static TheoryData<CampaignStatus> AllStatuses() => [.. Enum.GetValues<CampaignStatus>()];

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_pair_is_allowed_exactly_when_the_design_allows_it(CampaignStatus from, CampaignStatus to) =>
        Assert.Equal(Expected.Contains((from, to)), CampaignStatusMachine.CanTransition(from, to));

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Only_completed_and_canceled_are_finished(CampaignStatus status) =>
        Assert.Equal(status is Completed or Canceled, CampaignStatusMachine.IsFinished(status));

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Pause_works_only_from_scheduled_or_running_and_says_why_otherwise(CampaignStatus from) =>
        Act(from, c => c.Pause(), from is Scheduled or Running, Paused, "Only a scheduled or running campaign can be paused.");

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Resume_works_only_from_paused(CampaignStatus from) =>
        Act(from, c => c.Resume(), from == Paused, Running, "Only a paused campaign can be resumed.");

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Cancel_works_until_the_campaign_has_finished(CampaignStatus from) =>
        Act(from, c => c.Cancel(Now), from is not (Completed or Canceled), Canceled, "This campaign has already finished.");

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Only_a_draft_is_edited_or_scheduled(CampaignStatus from)
    {
        var campaign = CampaignIn(from);
        if (from == Draft)
        {
            campaign.EditDraft("Renamed", Guid.NewGuid(), Guid.NewGuid(), [], new CampaignAudience(), Now, 30);
            campaign.Schedule(Now.AddHours(1), 10, 2, Now);
            Assert.Equal((Scheduled, "Renamed", 10, 2, Now.AddHours(1)), (campaign.Status, campaign.Name, campaign.RecipientCount, campaign.ExcludedCount, campaign.StartAt));
            return;
        }

        var edit = Assert.Throws<DomainException>(() => campaign.EditDraft("Renamed", Guid.NewGuid(), Guid.NewGuid(), [], new CampaignAudience(), Now, 30));
        Assert.Equal("This campaign has been scheduled; pause or cancel it instead of editing it.", edit.Message);
        Assert.Throws<DomainException>(() => campaign.Schedule(Now, 1, 0, Now));
        Assert.Equal(from, campaign.Status);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Only_a_sending_campaign_completes(CampaignStatus from)
    {
        var campaign = CampaignIn(from);

        Assert.Equal(from is Scheduled or Running, campaign.TryComplete(Now));
        Assert.Equal(from is Scheduled or Running ? Completed : from, campaign.Status);
    }

    [Fact]
    public void A_lease_is_released_only_by_the_runner_that_holds_it()
    {
        var campaign = CampaignIn(Running);
        var (mine, theirs) = (Guid.NewGuid(), Guid.NewGuid());

        campaign.TakeLease(theirs, Now.AddMinutes(2));

        Assert.True(campaign.HeldByAnother(mine, Now));
        Assert.False(campaign.HeldByAnother(mine, Now.AddMinutes(3)));
        Assert.False(campaign.HeldByAnother(theirs, Now));
        Assert.False(campaign.ReleaseLease(mine));
        Assert.True(campaign.ReleaseLease(theirs));
        Assert.Null(campaign.RunnerLeaseUntil);
        Assert.False(campaign.ReleaseLease(theirs));
    }

    private static void Act(CampaignStatus from, Action<Campaign> action, bool allowed, CampaignStatus to, string refusal)
    {
        var campaign = CampaignIn(from);
        if (allowed)
        {
            action(campaign);
            Assert.Equal(to, campaign.Status);
            return;
        }

        Assert.Equal(refusal, Assert.Throws<DomainException>(() => action(campaign)).Message);
        Assert.Equal(from, campaign.Status);
    }

    /// <summary>A campaign brought to <paramref name="status"/> through its own methods.</summary>
    private static Campaign CampaignIn(CampaignStatus status)
    {
        var campaign = Campaign.NewDraft("Spring event", null, "Mia Manager");
        campaign.EditDraft("Spring event", Guid.NewGuid(), Guid.NewGuid(), [new CampaignVariant("A", null, "Hi", 100)], new CampaignAudience(), Now, 60);
        switch (status)
        {
            case Draft:
                break;
            case Scheduled:
                campaign.Schedule(Now, 5, 0, Now);
                break;
            case Running:
                campaign.Schedule(Now, 5, 0, Now);
                campaign.MarkRunning();
                break;
            case Paused:
                campaign.Schedule(Now, 5, 0, Now);
                campaign.Pause();
                break;
            case Completed:
                campaign.Schedule(Now, 5, 0, Now);
                campaign.TryComplete(Now);
                break;
            case Canceled:
                campaign.Cancel(Now);
                break;
        }

        Assert.Equal(status, campaign.Status);
        return campaign;
    }
}
