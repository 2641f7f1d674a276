using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Sending;


namespace Portal.Infrastructure.Jobs;

/// <summary>
/// The database is the source of truth; jobs are derived from it. At start-up and every minute this gives every
/// pending message without a live job a new one (a restart of the in-memory job storage loses jobs, never messages),
/// and flags messages stuck in Sending, which were interrupted mid-call, for a person.
/// </summary>
public sealed class PendingMessagesSweep(
    IDbContextFactory<PortalDbContext> dbFactory,
    IJobScheduler jobs,
    MessageDispatcher dispatcher,
    IOptions<SendingOptions> options,
    TimeProvider clock,
    ILogger<PendingMessagesSweep> logger)
{
    private const int Batch = 500;

    public async Task<(int Rescheduled, int Interrupted)> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rescheduled = 0;
        var failed = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var pending = await db.Messages.AsNoTracking()
                .Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Retrying)
                .Select(m => new { m.Id, m.JobId })
                .ToListAsync(cancellationToken);
            var withoutLiveJob = pending.Where(m => !jobs.IsPending(m.JobId)).ToList();
            // A job that failed all its retries before reaching the provider would fail again: the message fails
            // (it was never sent, so nothing is lost by saying so) instead of being retried every minute forever.
            foreach (var broken in withoutLiveJob.Where(m => jobs.HasFailed(m.JobId)))
            {
                failed += await dispatcher.FailUnsendableAsync(broken.Id, cancellationToken) ? 1 : 0;
            }

            var orphans = withoutLiveJob.Where(m => !jobs.HasFailed(m.JobId)).Select(m => m.Id).ToList();
            foreach (var chunk in orphans.Chunk(Batch))
            {
                var messages = await db.Messages.AsNoTracking().Where(m => chunk.Contains(m.Id)).ToListAsync(cancellationToken);
                foreach (var message in messages.Where(m => m.Status is MessageStatus.Queued or MessageStatus.Scheduled or MessageStatus.Retrying))
                {
                    // A message that moved on meanwhile gets a job that finds nothing to do.
                    var due = message.Status == MessageStatus.Retrying ? message.NextAttemptAt : message.SendAt;
                    var jobId = due is { } at && at > now ? jobs.ScheduleSend(message.Id, at) : jobs.EnqueueSend(message.Id);
                    await JobIds.RecordAsync(db, message.Id, jobId, cancellationToken);
                    rescheduled++;
                }
            }
        }

        var stuckBefore = now - options.Value.StuckSendingAfter;
        List<Guid> stuck;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            stuck = await db.Messages.Where(m => m.Status == MessageStatus.Sending && m.UpdatedAt < stuckBefore).Select(m => m.Id).ToListAsync(cancellationToken);
        }

        var interrupted = 0;
        foreach (var id in stuck)
        {
            interrupted += await dispatcher.MarkInterruptedAsync(id, cancellationToken) ? 1 : 0;
        }

        if (rescheduled + interrupted + failed > 0)
        {
            logger.LogInformation("Pending messages: {Rescheduled} given a new job, {Interrupted} flagged as interrupted, {Failed} failed before sending",
                rescheduled, interrupted, failed);
        }

        return (rescheduled, interrupted);
    }
}
