using Portal.Core.Campaigns;
using Portal.Core.Realtime;

namespace Portal.Infrastructure.Campaigns;

/// <summary>Reads a campaign's counts and tells every open screen (and the hub) about them.</summary>
public sealed class CampaignProgressPublisher(CampaignProgressReader progress, IConversationNotifier notifier)
{
    public async Task<CampaignProgress> PublishAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var counts = await progress.ReadAsync(campaign.Id, cancellationToken);
        await notifier.PublishAsync(ConversationEvent.CampaignProgressed(campaign.DepartmentId, counts), cancellationToken);
        return counts;
    }
}
