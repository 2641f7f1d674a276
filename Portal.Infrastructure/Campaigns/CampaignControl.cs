using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>Pause, resume and cancel: each acts only on what has not gone, and tells every open screen.</summary>
internal sealed class CampaignControl(IDbContextFactory<PortalDbContext> dbFactory, IJobScheduler jobs, CampaignProgressPublisher publisher, TimeProvider clock, ILogger logger)
{
    public Task PauseAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(scope, campaignId, c => c.Pause(), cancellationToken);

    public async Task ResumeAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        await ChangeStatusAsync(scope, campaignId, c => c.Resume(), cancellationToken);
        jobs.ScheduleCampaignRun(campaignId, Now);
    }

    public async Task CancelAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        int canceled;
        Campaign campaign;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // The campaign and its unsent messages change together, or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            campaign = await CampaignAccess.LoadAsync(db, scope, campaignId, cancellationToken);
            campaign.Cancel(now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainException("The campaign changed just now (a batch went out). Try again.");
            }

            // Only what has not gone: a message a runner already claimed (Sending) finishes; the revision bump beats a racing claim.
            canceled = await db.Messages
                .Where(m => m.CampaignId == campaignId && (m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Retrying || m.Status == MessageStatus.Queued))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Status, MessageStatus.Canceled)
                    .SetProperty(m => m.CanceledAt, now)
                    .SetProperty(m => m.UpdatedAt, now)
                    .SetProperty(m => m.Revision, m => m.Revision + 1), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Campaign {CampaignId} canceled; {Canceled} messages will not be sent", campaignId, canceled);
        await publisher.PublishAsync(campaign, cancellationToken);
    }

    /// <summary>Pause and resume; cancel has its own transaction with the messages.</summary>
    private async Task ChangeStatusAsync(DepartmentScope scope, Guid campaignId, Action<Campaign> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var campaign = await CampaignAccess.LoadAsync(db, scope, campaignId, cancellationToken);
            change(campaign);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await publisher.PublishAsync(campaign, cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The runner renewed its lease meanwhile; read it again.
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
