using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Threads;

/// <summary>
/// Writes read marks in batches: whatever was queued while the previous batch was written goes in one transaction,
/// one row per user and thread, and a mark never moves a marker back.
/// </summary>
public sealed class BatchedReadMarks : IReadMarks, IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly IDbContextFactory<PortalDbContext> dbFactory;
    private readonly ILogger<BatchedReadMarks> logger;
    private readonly IConversationNotifier notifier;
    private readonly GroupCommitQueue<Mark> queue;

    public BatchedReadMarks(IDbContextFactory<PortalDbContext> dbFactory, IConversationNotifier notifier, ILogger<BatchedReadMarks> logger)
    {
        (this.dbFactory, this.notifier, this.logger) = (dbFactory, notifier, logger);
        queue = new GroupCommitQueue<Mark>(Channel.CreateUnbounded<Mark>(new UnboundedChannelOptions { SingleReader = true }), MaxBatch, WriteAsync,
            (batch, error) => logger.LogWarning(error, "{Count} read marks could not be stored", batch.Count),
            batch => batch.ForEach(mark => mark.Done.TrySetResult()));
    }

    public Task MarkReadAsync(Guid userId, Guid threadId, DateTime readAtUtc)
    {
        var mark = new Mark(userId, threadId, readAtUtc, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return queue.TryEnqueue(mark) ? mark.Done.Task : Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => queue.DisposeAsync();

    private async Task WriteAsync(List<Mark> batch)
    {
        var threadIds = batch.Select(m => m.ThreadId).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var departments = await db.Threads.Where(t => threadIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.DepartmentId);
        var stored = batch.Where(m => departments.ContainsKey(m.ThreadId)).ToList();
        await ReadStates.StageAsync(db, [.. stored.Select(m => (m.UserId, m.ThreadId, m.ReadAt))]);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        foreach (var (userId, threadId) in stored.Select(m => (m.UserId, m.ThreadId)).Distinct())
        {
            await notifier.PublishAsync(ConversationEvents.ReadBy(userId, departments[threadId], threadId));
        }
    }

    private sealed record Mark(Guid UserId, Guid ThreadId, DateTime ReadAt, TaskCompletionSource Done);
}
