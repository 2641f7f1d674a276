using System.Threading.Channels;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// A single writer draining a queue in batches: whatever arrived while the previous batch was being written goes into
/// the next one, so concurrent callers share a commit and never race each other's writes. The writer starts with the
/// first item and finishes what is queued when disposed.
/// </summary>
/// <param name="write">Writes one batch in one transaction.</param>
/// <param name="failed">The batch's transaction did not commit: nothing of it is stored.</param>
/// <param name="ended">After every batch, committed or not.</param>
internal sealed class GroupCommitQueue<T> : IAsyncDisposable
{
    private readonly Channel<T> queue;
    private readonly int maxBatch;
    private readonly Func<List<T>, Task> write;
    private readonly Action<List<T>, Exception> failed;
    private readonly Action<List<T>>? ended;
    private readonly Lazy<Task> loop;

    public GroupCommitQueue(Channel<T> queue, int maxBatch, Func<List<T>, Task> write, Action<List<T>, Exception> failed, Action<List<T>>? ended = null)
    {
        (this.queue, this.maxBatch, this.write, this.failed, this.ended) = (queue, maxBatch, write, failed, ended);
        loop = new Lazy<Task>(() => Task.Run(RunAsync));
    }

    public ValueTask EnqueueAsync(T item, CancellationToken cancellationToken)
    {
        _ = loop.Value;
        return queue.Writer.WriteAsync(item, cancellationToken);
    }

    public bool TryEnqueue(T item)
    {
        _ = loop.Value;
        return queue.Writer.TryWrite(item);
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
        var batch = new List<T>(maxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < maxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await write(batch);
            }
            catch (Exception e)
            {
                failed(batch, e);
            }

            ended?.Invoke(batch);
        }
    }
}
