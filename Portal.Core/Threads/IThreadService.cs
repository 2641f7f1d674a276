using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Security;

namespace Portal.Core.Threads;

/// <summary>Reads and changes one thread; every call checks the caller's department scope.</summary>
public interface IThreadService
{
    Task<AccessResult<ThreadDetail>> GetAsync(DepartmentScope scope, Guid threadId, CancellationToken cancellationToken = default);

    Task<Message> AddNoteAsync(DepartmentScope scope, Guid threadId, string body, Actor actor, CancellationToken cancellationToken = default);

    Task AssignAsync(DepartmentScope scope, Guid threadId, Guid? assigneeId, Actor actor, CancellationToken cancellationToken = default);

    Task CloseAsync(DepartmentScope scope, Guid threadId, Actor actor, CancellationToken cancellationToken = default);

    Task ReopenAsync(DepartmentScope scope, Guid threadId, Actor actor, CancellationToken cancellationToken = default);

    Task MarkReadAsync(DepartmentScope scope, Guid threadId, CancellationToken cancellationToken = default);

    /// <summary>Puts an open thread aside until <paramref name="untilUtc"/>; a text from the customer wakes it sooner.</summary>
    Task SnoozeAsync(DepartmentScope scope, Guid threadId, DateTime untilUtc, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Wakes every thread whose snooze has run out; returns how many.</summary>
    Task<int> WakeSnoozedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The customer's conversation with a department, ready to text: the open one, else the last closed one reopened,
    /// else a new one assigned to <paramref name="actor"/>.
    /// </summary>
    Task<Guid> StartAsync(DepartmentScope scope, Guid customerId, Guid departmentId, Actor actor, CancellationToken cancellationToken = default);
}
