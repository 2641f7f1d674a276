namespace Portal.Core.Assignment;

/// <summary>
/// Gives conversations waiting for someone to the department's next available member. Safe to call from any instance
/// at once: each department's turns are taken one at a time, and a conversation is only ever given once.
/// </summary>
public interface IConversationAssigner
{
    /// <summary>Assigns one waiting conversation; returns who got it, or null (not waiting, assignment off, nobody free).</summary>
    Task<Guid?> AssignAsync(Guid threadId, CancellationToken cancellationToken = default);

    /// <summary>Assigns every waiting conversation it can, of one department or all; returns how many were given.</summary>
    Task<int> AssignWaitingAsync(Guid? departmentId = null, CancellationToken cancellationToken = default);
}
