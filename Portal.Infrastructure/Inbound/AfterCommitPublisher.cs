using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.Assignment;
using Portal.Core.Realtime;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Sending;

namespace Portal.Infrastructure.Inbound;

/// <summary>
/// Runs what follows a commit, in commit order, off the writer's path: send jobs for replies the transaction created
/// (persist first, then enqueue by id), the events that keep open screens true, and automatic assignment. Best effort: a lost job is rebuilt by
/// the pending-messages sweep; a lost push is healed by the next read.
/// </summary>
public sealed class AfterCommitPublisher : IAsyncDisposable
{
    private readonly IDbContextFactory<PortalDbContext> dbFactory;
    private readonly IJobScheduler jobs;
    private readonly IConversationNotifier notifier;
    private readonly IConversationAssigner assigner;
    private readonly ILogger<AfterCommitPublisher> logger;
    private readonly Channel<AfterCommit> queue = Channel.CreateUnbounded<AfterCommit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> loop;

    public AfterCommitPublisher(IDbContextFactory<PortalDbContext> dbFactory, IJobScheduler jobs, IConversationNotifier notifier, IConversationAssigner assigner, ILogger<AfterCommitPublisher> logger)
    {
        this.assigner = assigner;
        this.dbFactory = dbFactory;
        this.jobs = jobs;
        this.notifier = notifier;
        this.logger = logger;
        loop = new Lazy<Task>(() => Task.Run(RunAsync));
    }

    public void Publish(AfterCommit after)
    {
        if (after.Events.Count == 0 && after.Sends.Count == 0 && after.Assignments.Count == 0)
        {
            return;
        }

        _ = loop.Value;
        queue.Writer.TryWrite(after);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop.IsValueCreated)
        {
            await loop.Value;
        }
    }

    private async Task RunAsync()
    {
        await foreach (var after in queue.Reader.ReadAllAsync())
        {
            foreach (var messageId in after.Sends)
            {
                try
                {
                    var jobId = jobs.EnqueueSend(messageId);
                    await using var db = await dbFactory.CreateDbContextAsync();
                    await JobIds.RecordAsync(db, messageId, jobId, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Could not enqueue the send of message {MessageId}; the pending-messages sweep will", messageId);
                }
            }

            foreach (var conversationEvent in after.Events)
            {
                try
                {
                    await notifier.PublishAsync(conversationEvent);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Could not publish {EventKind} for thread {ThreadId}", conversationEvent.Kind, conversationEvent.ThreadId);
                }
            }

            // After the events, so screens show the new text before whose it is.
            foreach (var threadId in after.Assignments)
            {
                try
                {
                    await assigner.AssignAsync(threadId);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Could not assign thread {ThreadId}; the waiting-conversations sweep will", threadId);
                }
            }
        }
    }
}
