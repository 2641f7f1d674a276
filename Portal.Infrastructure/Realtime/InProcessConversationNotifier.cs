using Microsoft.Extensions.Logging;
using Portal.Core.Realtime;

namespace Portal.Infrastructure.Realtime;

/// <summary>
/// The in-process fan-out (as in dotnet/eShop's notifier): a singleton pages subscribe to. Handlers are copied out
/// of the lock and invoked outside it; one failing handler does not stop the others. Handlers must return quickly
/// (pages hand the work to their own dispatcher), because a send or a webhook waits for them.
/// </summary>
public sealed class InProcessConversationNotifier(ILogger<InProcessConversationNotifier> logger) : IConversationNotifier, IConversationEventSource
{
    private readonly Lock gate = new();
    private readonly List<Func<ConversationEvent, Task>> handlers = [];

    public IDisposable Subscribe(Func<ConversationEvent, Task> handler)
    {
        lock (gate)
        {
            handlers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    public async Task PublishAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken = default)
    {
        Func<ConversationEvent, Task>[] current;
        lock (gate)
        {
            current = [.. handlers];
        }

        foreach (var handler in current)
        {
            try
            {
                await handler(conversationEvent);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A subscriber failed on {EventKind} for thread {ThreadId}", conversationEvent.Kind, conversationEvent.ThreadId);
            }
        }
    }

    private void Unsubscribe(Func<ConversationEvent, Task> handler)
    {
        lock (gate)
        {
            handlers.Remove(handler);
        }
    }

    private sealed class Subscription(InProcessConversationNotifier owner, Func<ConversationEvent, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
