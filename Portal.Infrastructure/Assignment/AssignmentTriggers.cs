using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core.Assignment;
using Portal.Core.Realtime;

namespace Portal.Infrastructure.Assignment;

/// <summary>
/// Gives out waiting conversations the moment someone may take one: a conversation closed or handed back (room freed),
/// a member back from away, or a first session opened on this instance. The minute sweep covers the rest.
/// </summary>
internal sealed class AssignmentTriggers(
    IConversationEventSource events, IConversationNotifier notifier, LocalUserPresence presence, IConversationAssigner assigner, ILogger<AssignmentTriggers> logger) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = events.Subscribe(e => e switch
        {
            { Kind: ConversationEventKind.ThreadUpdated, Change: ThreadChange.Closed or ThreadChange.Unassigned } => AssignAsync(e.DepartmentId),
            _ => Task.CompletedTask,
        });
        presence.Changed += OnPresenceChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        presence.Changed -= OnPresenceChanged;
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void OnPresenceChanged(Guid userId, bool online)
    {
        // Screens that show who is available (the Team page) read again, on every instance.
        _ = Task.Run(() => AnnounceAsync(userId));
        if (online)
        {
            _ = Task.Run(() => AssignAsync(null));
        }
    }

    private async Task AnnounceAsync(Guid userId)
    {
        try
        {
            await notifier.PublishAsync(ConversationEvents.AwayChanged(userId));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not announce that user {UserId} came or went", userId);
        }
    }

    private async Task AssignAsync(Guid? departmentId)
    {
        try
        {
            await assigner.AssignWaitingAsync(departmentId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not give out waiting conversations; the sweep will");
        }
    }
}
