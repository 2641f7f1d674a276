using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Sending;


namespace Portal.Infrastructure.Jobs;

/// <summary>How much a sweep looks at.</summary>
public enum SweepMode
{
    /// <summary>After a restart that lost every job (in-memory storage): every pending message gets one, no questions asked.</summary>
    Restart,

    /// <summary>Every minute: only messages overdue by more than a grace period, whose job must have been lost or failed.</summary>
    Periodic,
}

/// <summary>
/// The database is the source of truth; jobs are derived from it. After a restart and every minute this gives pending
/// messages without a live job a new one, wakes campaigns whose runner has gone, and flags messages stuck in Sending,
/// which were interrupted mid-call, for a person. Each part is one query; the job storage is asked only about the
/// few messages that are overdue.
/// </summary>
public sealed class PendingMessagesSweep(
    IDbContextFactory<PortalDbContext> dbFactory,
    IJobScheduler jobs,
    InterruptedSendResolver resolver,
    IOptions<SendingOptions> options,
    TimeProvider clock,
    ILogger<PendingMessagesSweep> logger)
{
    /// <summary>A due message whose job has not picked it up within this long has lost its job (or the job keeps failing).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public Task<(int Rescheduled, int Interrupted)> RunAsync(CancellationToken cancellationToken) =>
        RunAsync(jobs.JobsSurviveRestart ? SweepMode.Periodic : SweepMode.Restart, cancellationToken);

    public async Task<(int Rescheduled, int Interrupted)> RunAsync(SweepMode mode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var overdue = now - Grace;
        var rescheduled = 0;
        var failed = 0;
        var campaignsWoken = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Campaign messages are their runner's; everything else pending, or (periodically) only what is overdue.
            var pending = db.Messages.AsNoTracking().Where(m => m.CampaignId == null);
            pending = mode == SweepMode.Restart
                ? pending.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Retrying)
                : pending.Where(m => (m.Status == MessageStatus.Queued && m.UpdatedAt < overdue)
                    || (m.Status == MessageStatus.Scheduled && m.SendAt < overdue)
                    || (m.Status == MessageStatus.Retrying && m.NextAttemptAt < overdue));
            var found = await pending.Select(m => new { m.Id, m.JobId, m.Status, m.SendAt, m.NextAttemptAt }).ToListAsync(cancellationToken);
            foreach (var message in found)
            {
                if (mode == SweepMode.Periodic && jobs.IsPending(message.JobId))
                {
                    continue; // Late, but its job is still queued or running.
                }

                // A job that failed all its retries before reaching the provider would fail again: the message fails
                // (it was never sent, so nothing is lost by saying so) instead of being retried every minute forever.
                if (mode == SweepMode.Periodic && jobs.HasFailed(message.JobId))
                {
                    failed += await resolver.FailUnsendableAsync(message.Id, cancellationToken) ? 1 : 0;
                    continue;
                }

                // A message that moved on meanwhile gets a job that finds nothing to do.
                var due = message.Status == MessageStatus.Retrying ? message.NextAttemptAt : message.SendAt;
                var jobId = due is { } at && at > now ? jobs.ScheduleSend(message.Id, at) : jobs.EnqueueSend(message.Id);
                await JobIds.RecordAsync(db, message.Id, jobId, cancellationToken);
                rescheduled++;
            }

            // A campaign with overdue messages and no runner holding it lost its runner's job. After a restart every
            // runner of this process is gone; one whose lease has not run out yet is woken and waits for it.
            var restart = mode == SweepMode.Restart;
            var stalled = await db.Campaigns.AsNoTracking()
                .Where(c => (c.Status == CampaignStatus.Scheduled || c.Status == CampaignStatus.Running)
                    && (restart || c.RunnerLeaseUntil == null || c.RunnerLeaseUntil < now)
                    && db.Messages.Any(m => m.CampaignId == c.Id
                        && ((m.Status == MessageStatus.Scheduled && m.SendAt < overdue) || (m.Status == MessageStatus.Retrying && m.NextAttemptAt < overdue))))
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
            foreach (var campaignId in stalled)
            {
                jobs.ScheduleCampaignRun(campaignId, now);
                campaignsWoken++;
            }
        }

        var stuckBefore = now - options.Value.StuckSendingAfter;
        List<Guid> stuck;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // A campaign's batch is in its runner's hands while the runner holds the campaign's lease.
            stuck = await db.Messages
                .Where(m => m.Status == MessageStatus.Sending && m.UpdatedAt < stuckBefore
                    && (m.CampaignId == null || !db.Campaigns.Any(c => c.Id == m.CampaignId && c.RunnerLeaseUntil > now)))
                .Select(m => m.Id).ToListAsync(cancellationToken);
        }

        var interrupted = 0;
        foreach (var id in stuck)
        {
            interrupted += await resolver.MarkInterruptedAsync(id, cancellationToken) ? 1 : 0;
        }

        if (rescheduled + interrupted + failed + campaignsWoken > 0)
        {
            logger.LogInformation("Pending messages: {Rescheduled} given a new job, {Interrupted} flagged as interrupted, {Failed} failed before sending, {Campaigns} campaigns woken",
                rescheduled, interrupted, failed, campaignsWoken);
        }

        return (rescheduled, interrupted);
    }
}
