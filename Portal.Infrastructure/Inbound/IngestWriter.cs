using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Inbound;

/// <summary>
/// The single in-process writer of inbound events, with group commit: whatever arrived while the previous batch was
/// being written is applied in one transaction, one save per item, and committed once. A caller's task completes only
/// after its item is durable, so a webhook answered 2xx is stored; with many concurrent webhooks the cost of a commit is
/// shared. One writer also means no two inbound writes of this process race each other; the unique indexes still
/// decide between instances.
/// </summary>
public sealed class IngestWriter : IAsyncDisposable
{
    public const int MaxBatch = 128;

    private readonly IDbContextFactory<PortalDbContext> dbFactory;
    private readonly InboundEventApplier applier;
    private readonly AfterCommitPublisher publisher;
    private readonly ILogger<IngestWriter> logger;
    private readonly EventWebhooks.EventWebhookOutbox? webhooks;
    private readonly GroupCommitQueue<Work> queue;

    public IngestWriter(
        IDbContextFactory<PortalDbContext> dbFactory, InboundEventApplier applier, AfterCommitPublisher publisher, ILogger<IngestWriter> logger,
        EventWebhooks.EventWebhookOutbox? webhooks = null)
    {
        (this.dbFactory, this.applier, this.publisher, this.logger, this.webhooks) = (dbFactory, applier, publisher, logger, webhooks);
        queue = new GroupCommitQueue<Work>(Channel.CreateBounded<Work>(new BoundedChannelOptions(10_000) { SingleReader = true }), MaxBatch, WriteBatchAsync, BatchFailed);
    }

    /// <summary>Batches written and items in them, for the benchmark's commits-per-request figure.</summary>
    public long Commits => Interlocked.Read(ref commits);

    public long Items => Interlocked.Read(ref items);

    private long commits;
    private long items;

    /// <summary>
    /// Applies the item and returns once it is committed. Once queued, the item is finished even if the caller gives up:
    /// a provider that hung up may not retry.
    /// </summary>
    public async Task<IngestResult> WriteAsync(IngestItem item, CancellationToken cancellationToken = default)
    {
        var work = new Work(item, new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.EnqueueAsync(work, cancellationToken);
        return await work.Done.Task;
    }

    public ValueTask DisposeAsync() => queue.DisposeAsync();

    private void BatchFailed(List<Work> batch, Exception error)
    {
        // The transaction did not commit: nothing of this batch is stored, and every caller is told so.
        logger.LogError(error, "A batch of {Count} inbound events could not be committed", batch.Count);
        foreach (var work in batch)
        {
            work.Done.TrySetResult(new IngestResult(WebhookOutcome.Error, "The database could not store this event; it was not kept."));
        }
    }

    private async Task WriteBatchAsync(List<Work> batch)
    {
        var results = new List<(Work Work, IngestResult Result, AfterCommit After)>(batch.Count);
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var work in batch)
        {
            results.Add(await ApplyOneAsync(db, work));
        }

        var deliveries = await StageWebhooksAsync(db, results.Select(r => r.After).ToList());
        await transaction.CommitAsync();
        Interlocked.Increment(ref commits);
        Interlocked.Add(ref items, batch.Count);
        foreach (var (work, result, after) in results)
        {
            work.Done.TrySetResult(result);
            publisher.Publish(after);
        }

        if (deliveries.Count > 0)
        {
            // Off the writer's loop: the deliveries are stored, and the sweep gives any left without a job one.
            _ = Task.Run(() => webhooks!.ScheduleAsync(deliveries, CancellationToken.None));
        }
    }

    /// <summary>The batch's event webhook deliveries, stored in its transaction (an outbox); its events marked as stored.</summary>
    private async Task<List<Guid>> StageWebhooksAsync(PortalDbContext db, List<AfterCommit> afters)
    {
        var events = afters.SelectMany(a => a.Events).ToList();
        if (webhooks is null || events.Count == 0)
        {
            return [];
        }

        var (marked, deliveries) = await webhooks.StageAsync(db, events, CancellationToken.None);
        var next = 0;
        foreach (var after in afters)
        {
            for (var i = 0; i < after.Events.Count; i++)
            {
                after.Events[i] = marked[next++];
            }
        }

        return deliveries;
    }

    private async Task<(Work, IngestResult, AfterCommit)> ApplyOneAsync(PortalDbContext db, Work work)
    {
        for (var attempt = 1; ; attempt++)
        {
            var after = new AfterCommit();
            try
            {
                // EF saves to a savepoint inside the transaction: a failed save is undone alone, the others stay.
                var result = await applier.ApplyAsync(db, work.Item, after, CancellationToken.None);
                return (work, result, after);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance (or a send job) changed the same rows: read again and decide again.
                logger.LogInformation("Inbound event for account {ProviderAccountId} raced another write; applying it again", work.Item.AccountId);
            }
            catch (Exception e) when (e is not DbUpdateException || attempt >= 3)
            {
                db.ChangeTracker.Clear();
                logger.LogWarning(e, "Inbound event for account {ProviderAccountId} could not be applied; kept for a person", work.Item.AccountId);
                await applier.RecordFailureAsync(db, work.Item, e, CancellationToken.None);
                return (work, new IngestResult(WebhookOutcome.NeedsAttention, e.Message), new AfterCommit());
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private sealed record Work(IngestItem Item, TaskCompletionSource<IngestResult> Done);
}
