using System.Collections.Frozen;

namespace Portal.Core.Campaigns;

/// <summary>The only place that decides whether a campaign may move from one status to another.</summary>
public static class CampaignStatusMachine
{
    private static readonly FrozenDictionary<CampaignStatus, FrozenSet<CampaignStatus>> Allowed =
        new Dictionary<CampaignStatus, FrozenSet<CampaignStatus>>
        {
            [CampaignStatus.Draft] = Set(CampaignStatus.Scheduled, CampaignStatus.Canceled),
            // A scheduled campaign whose every text failed or was canceled before its first batch completes as it is.
            [CampaignStatus.Scheduled] = Set(CampaignStatus.Running, CampaignStatus.Paused, CampaignStatus.Completed, CampaignStatus.Canceled),
            [CampaignStatus.Running] = Set(CampaignStatus.Paused, CampaignStatus.Completed, CampaignStatus.Canceled),
            [CampaignStatus.Paused] = Set(CampaignStatus.Running, CampaignStatus.Canceled),
            [CampaignStatus.Completed] = Set(),
            [CampaignStatus.Canceled] = Set(),
        }.ToFrozenDictionary();

    public static bool CanTransition(CampaignStatus from, CampaignStatus to) => Allowed[from].Contains(to);

    public static bool IsFinished(CampaignStatus status) => Allowed[status].Count == 0;

    private static FrozenSet<CampaignStatus> Set(params CampaignStatus[] statuses) => statuses.ToFrozenSet();
}
