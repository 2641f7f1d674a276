namespace Portal.Core.Threads;

/// <summary>
/// Read markers set by open screens as texts arrive. Many screens may mark the same thread at once, so marks are
/// written together shortly after, the latest per user and thread.
/// </summary>
public interface IReadMarks
{
    /// <summary>Queues the mark; the task completes once it is stored (or failed and was logged). Never faults.</summary>
    Task MarkReadAsync(Guid userId, Guid threadId, DateTime readAtUtc);
}
