using Portal.Core.Realtime;

namespace Portal.Infrastructure.Persistence;

/// <summary>What to do once the transaction that made these changes has committed.</summary>
public sealed class AfterCommit
{
    public List<ConversationEvent> Events { get; } = [];

    /// <summary>Outbound messages created in the transaction (a HELP reply) whose send job is enqueued after the commit.</summary>
    public List<Guid> Sends { get; } = [];

    /// <summary>Conversations the transaction marked as waiting for automatic assignment (new, or reopened by the customer).</summary>
    public List<Guid> Assignments { get; } = [];
}
