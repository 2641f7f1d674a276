using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Sending;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Sending;

namespace Portal.Infrastructure.Campaigns;

public enum CampaignRunOutcome
{
    /// <summary>Another runner holds the campaign, or it is paused, canceled or done.</summary>
    NotRunning,

    /// <summary>Nothing is due yet: a run is scheduled for the next due message.</summary>
    Waiting,
    Completed,

    /// <summary>The job was stopped (shutdown); the next run carries on.</summary>
    Stopped,
}

/// <summary>
/// Sends a campaign's due messages at its throttle. Each batch is claimed in one commit (the messages move to Sending,
/// the campaign's lease is renewed), sent in parallel, and recorded in one more: with the commit that created them,
/// at most three commits per message. A recipient who opted out, a number that cannot be texted or a provider's refusal
/// fails that message only. A runner killed mid-batch leaves its claimed messages in Sending, which the pending-messages
/// sweep resolves with the provider or flags for a person, never resends blindly.
/// </summary>
public sealed class CampaignRunner(
    IDbContextFactory<PortalDbContext> dbFactory,
    IEnumerable<IMessageProvider> providers,
    ProviderAccountStore accounts,
    IJobScheduler jobs,
    IConversationNotifier notifier,
    CampaignProgressReader progress,
    SenderPace pace,
    SendResultRecorder recorder,
    IOptions<SendingOptions> sendingOptions,
    IOptions<CampaignOptions> options,
    Telemetry.PortalTelemetry telemetry,
    TimeProvider clock,
    ILogger<CampaignRunner> logger)
{
    private readonly CampaignLease lease = new(dbFactory, jobs, options, clock, logger);
    private readonly CampaignBatchSender batches = new(dbFactory, notifier, recorder, pace, options, telemetry, clock, logger);

    public async Task<CampaignRunOutcome> RunAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        if (!await lease.TryTakeAsync(campaignId, cancellationToken))
        {
            return CampaignRunOutcome.NotRunning;
        }

        try
        {
            return await SendDueAsync(campaignId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CampaignRunOutcome.Stopped;
        }
        finally
        {
            await lease.ReleaseAsync(campaignId);
        }
    }

    private async Task<CampaignRunOutcome> SendDueAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var step = await StepAsync(campaignId, cancellationToken);
            if (step.Outcome is { } done)
            {
                return done;
            }

            if (step.NextBatchAt > Now)
            {
                await Task.Delay(step.NextBatchAt - Now, clock, cancellationToken);
            }
        }
    }

    /// <summary>What one step did: a batch sent (<see cref="Outcome"/> null, go on at <see cref="NextBatchAt"/>), or why the run ends.</summary>
    public sealed record CampaignStep(CampaignRunOutcome? Outcome, int Claimed, DateTime NextBatchAt);

    /// <summary>Claims, sends and records one batch of due messages. <see cref="RunAsync"/> repeats it at the throttle.</summary>
    public async Task<CampaignStep> StepAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batchStartedAt = Now;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
            if (campaign is null || !campaign.CanSend)
            {
                return new CampaignStep(CampaignRunOutcome.NotRunning, 0, batchStartedAt);
            }

            if (lease.HeldByAnother(campaign, batchStartedAt))
            {
                return new CampaignStep(CampaignRunOutcome.NotRunning, 0, batchStartedAt); // Another runner has it.
            }

            if (campaign.StartAt > Now)
            {
                jobs.ScheduleCampaignRun(campaign.Id, campaign.StartAt);
                return new CampaignStep(CampaignRunOutcome.Waiting, 0, campaign.StartAt);
            }

            // The sender is settled before anything is claimed: a disabled or removed account pauses the campaign.
            var sender = await SenderAsync(db, campaign, cancellationToken);
            if (sender is null)
            {
                return new CampaignStep(CampaignRunOutcome.NotRunning, 0, batchStartedAt);
            }

            var department = await db.Departments.AsNoTracking().FirstAsync(d => d.Id == campaign.DepartmentId, cancellationToken);
            // Tokens for the time since the last batch began (at least one tick): a batch that took longer than its
            // tick is made up in the next, so the pace holds without ever running ahead of it.
            var since = lastBatchStartedAt is { } last ? batchStartedAt - last : options.Value.Tick;
            // And never more in any ten seconds than the rate allows this sender, counting every campaign using it.
            var (allowed, freeAt) = pace.Allowance(campaign.ProviderAccountId, campaign.MessagesPerMinute, batchStartedAt);
            if (allowed == 0)
            {
                return new CampaignStep(null, 0, freeAt);
            }

            var size = Math.Min(allowed, BatchSize(campaign.MessagesPerMinute, since));
            var batch = await CampaignBatchClaimer.ClaimAsync(db, campaign, department, size, lease, Now, logger, cancellationToken);
            if (batch is null)
            {
                if (attempt == 4)
                {
                    return new CampaignStep(null, 0, Now + TimeSpan.FromSeconds(1));
                }

                continue; // The campaign or a message changed under the claim: read again.
            }

            if (batch.Claimed.Count == 0)
            {
                if (batch.Changed)
                {
                    // Some were failed (an opt-out, a bad number) or moved to their window: look again at once.
                    if (Now - lastProgressAt >= options.Value.ProgressEvery)
                    {
                        await PublishProgressAsync(campaign, cancellationToken);
                    }

                    return new CampaignStep(null, 0, Now);
                }

                var (outcome, next) = await WaitOrCompleteAsync(campaign.Id, cancellationToken);
                return new CampaignStep(outcome, 0, next);
            }

            // Claimed: from here the batch is sent and recorded even if the job is being stopped.
            lastBatchStartedAt = batchStartedAt;
            var results = await lease.HoldWhileAsync(campaign.Id, () => batches.SendAsync(sender.Value, batch.Claimed));
            await batches.RecordAsync(db, campaign.Id, batch.Claimed, results, CancellationToken.None);
            foreach (var item in batch.Claimed)
            {
                await notifier.PublishAsync(ConversationEvents.StatusChanged(item.Message, item.Thread, item.Thread.Customer!), CancellationToken.None);
            }

            if (Now - lastProgressAt >= options.Value.ProgressEvery)
            {
                await PublishProgressAsync(campaign, CancellationToken.None);
            }

            // The throttle: a batch of n messages takes n / rate of the minute, wherever the sending took less.
            return new CampaignStep(null, batch.Claimed.Count, batchStartedAt + TimeSpan.FromMinutes(batch.Claimed.Count / (double)campaign.MessagesPerMinute));
        }
    }

    private DateTime? lastBatchStartedAt;

    /// <summary>Messages per batch: what the throttle allows for <paramref name="since"/> (a tick, or longer after a slow batch), at least one.</summary>
    private int BatchSize(int perMinute, TimeSpan since)
    {
        // Made up for at most three ticks: a pause or a night outside the window is not a debt to be sent at once.
        var tick = options.Value.Tick;
        var span = since < tick ? tick : since > tick * 3 ? tick * 3 : since;
        return Math.Clamp((int)Math.Round(perMinute / 60.0 * span.TotalSeconds), 1, options.Value.MaxBatch);
    }

    private async Task<(ProviderAccountSettings Account, IMessageProvider Provider)?> SenderAsync(PortalDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        var account = await db.ProviderAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == campaign.ProviderAccountId, cancellationToken);
        var provider = account is { Enabled: true } ? providers.FirstOrDefault(p => p.Kind == account.Kind) : null;
        if (account is not null && provider is not null)
        {
            return (accounts.ToSettings(account), provider);
        }

        campaign.Pause();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Campaign {CampaignId} paused: its provider account is disabled, removed or cannot send texts", campaign.Id);
            await PublishProgressAsync(campaign, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed it meanwhile; the next run reads it again.
        }

        return null;
    }

    /// <summary>Nothing due now: sleep until the next due message (briefly in-process, else as a scheduled job), or finish.</summary>
    private async Task<(CampaignRunOutcome Outcome, DateTime At)> WaitOrCompleteAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = db.Messages.Where(m => m.CampaignId == campaignId);
        var nextScheduled = await pending.Where(m => m.Status == MessageStatus.Scheduled).MinAsync(m => m.SendAt, cancellationToken);
        var nextRetry = await pending.Where(m => m.Status == MessageStatus.Retrying).MinAsync(m => m.NextAttemptAt, cancellationToken);
        var next = new[] { nextScheduled, nextRetry }.Where(d => d is not null).Min();
        if (next is { } at)
        {
            jobs.ScheduleCampaignRun(campaignId, at);
            await PublishProgressAsync(await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == campaignId, cancellationToken), cancellationToken);
            return (CampaignRunOutcome.Waiting, at);
        }

        if (await pending.AnyAsync(m => m.Status == MessageStatus.Sending, cancellationToken))
        {
            // Left in Sending by a runner that died: the sweep settles them, then the campaign completes.
            var later = Now + sendingOptions.Value.StuckSendingAfter;
            jobs.ScheduleCampaignRun(campaignId, later);
            return (CampaignRunOutcome.Waiting, later);
        }

        var campaign = await db.Campaigns.FirstAsync(c => c.Id == campaignId, cancellationToken);
        if (!campaign.TryComplete(Now) || !await db.TrySaveChangesAsync(cancellationToken))
        {
            return (CampaignRunOutcome.NotRunning, Now);
        }

        logger.LogInformation("Campaign {CampaignId} completed", campaignId);
        await PublishProgressAsync(campaign, cancellationToken);
        return (CampaignRunOutcome.Completed, Now);
    }

    private DateTime lastProgressAt = DateTime.MinValue;

    private async Task PublishProgressAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        lastProgressAt = Now;
        var counts = await progress.ReadAsync(campaign.Id, cancellationToken);
        await notifier.PublishAsync(ConversationEvent.CampaignProgressed(campaign.DepartmentId, counts), cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
