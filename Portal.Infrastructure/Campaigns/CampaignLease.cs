using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>
/// One runner's hold on a campaign, in its own name: only one runner sends a campaign at a time, a lease left by a dead
/// process runs out, and a runner renews or releases only a lease that is still its own.
/// </summary>
internal sealed class CampaignLease(IDbContextFactory<PortalDbContext> dbFactory, IJobScheduler jobs, IOptions<CampaignOptions> options, TimeProvider clock, ILogger logger)
{
    public Guid RunnerId { get; } = Guid.NewGuid();

    /// <summary>True when another runner holds the campaign now.</summary>
    public bool HeldByAnother(Campaign campaign, DateTime now) => campaign.HeldByAnother(RunnerId, now);

    /// <summary>Takes or renews the lease on a tracked campaign; the caller's save commits it.</summary>
    public void Renew(Campaign campaign, DateTime now) => campaign.TakeLease(RunnerId, now + options.Value.Lease);

    public async Task<bool> TryTakeAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null || !campaign.CanSend)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (campaign.RunnerLeaseUntil is { } held && held > now)
        {
            // Another runner holds it, or held it when its process died: look again when the lease runs out.
            jobs.ScheduleCampaignRun(campaignId, held);
            return false;
        }

        Renew(campaign, now);
        return await db.TrySaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (a batch waiting on its provider) while renewing the lease every third of its length,
    /// so a lease short enough to recover quickly from a crash never runs out under a live runner.
    /// </summary>
    public async Task<T> HoldWhileAsync<T>(Guid campaignId, Func<Task<T>> work)
    {
        using var stop = new CancellationTokenSource();
        var heartbeat = RenewUntilStoppedAsync(campaignId, stop.Token);
        try
        {
            return await work();
        }
        finally
        {
            await stop.CancelAsync();
            await heartbeat;
        }
    }

    private async Task RenewUntilStoppedAsync(Guid campaignId, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.Lease / 3, clock, stop);
                var now = clock.GetUtcNow().UtcDateTime;
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stop);
                    // Only the lease column, only while it is still ours: no revision bump, so a pause or a claim is unaffected.
                    await db.Campaigns.Where(c => c.Id == campaignId && c.RunnerId == RunnerId && c.RunnerLeaseUntil > now)
                        .ExecuteUpdateAsync(s => s.SetProperty(c => c.RunnerLeaseUntil, now + options.Value.Lease), stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy database: the next beat, a third of a lease later, tries again; the batch goes on regardless.
                    logger.LogWarning(e, "Could not renew the lease on campaign {CampaignId}; trying again in a third of a lease", campaignId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async Task ReleaseAsync(Guid campaignId)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId);
            if (campaign is null || !campaign.ReleaseLease(RunnerId))
            {
                return; // Not ours (any more): another runner took over after our lease ran out.
            }

            if (await db.TrySaveChangesAsync())
            {
                return;
            }

            // A pause or cancel landed meanwhile; read it and release again.
        }
    }
}
