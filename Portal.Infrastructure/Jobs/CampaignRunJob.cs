using Hangfire;
using Portal.Infrastructure.Campaigns;

namespace Portal.Infrastructure.Jobs;

/// <summary>
/// Hangfire's handle on a campaign: it takes only the campaign id and sends whatever is due, in batches, until nothing
/// is; a second copy finds the campaign held by the first and leaves. One job serves a whole campaign, not one per text.
/// </summary>
public sealed class CampaignRunJob(CampaignRunner runner)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 15, 60], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(JobQueues.Sending)]
    public Task RunAsync(Guid campaignId, CancellationToken cancellationToken) => runner.RunAsync(campaignId, cancellationToken);
}
