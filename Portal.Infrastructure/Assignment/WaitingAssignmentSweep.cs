using Portal.Core.Assignment;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Assignment;

/// <summary>
/// Every minute, gives out the conversations still waiting: those nobody was free for (someone may be back now) and
/// any whose assignment was cut off by a crash after the change that needed it was saved.
/// </summary>
internal sealed class WaitingAssignmentSweep(IConversationAssigner assigner) : IRecurringWork
{
    public string Name => "assign-waiting-conversations";

    public Task RunOnceAsync(CancellationToken cancellationToken) => assigner.AssignWaitingAsync(null, cancellationToken);
}
