using Microsoft.Extensions.Logging;
using Portal.Core.Realtime;

namespace Portal.Infrastructure.Realtime;

/// <summary>
/// The in-process fan-out (as in dotnet/eShop's notifier): a singleton pages subscribe to. Handlers are copied out
/// of the lock and started outside it, in turn; one failing handler does not stop the others. The publisher (a send,
/// a webhook, a sweep) waits only for the part of each handler that runs at once, never for what it awaits: a page on
/// a sleeping laptop, whose calls into the browser wait up to a minute, must not hold everyone else's events.
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

    public Task PublishAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken = default)
    {
        Func<ConversationEvent, Task>[] current;
        lock (gate)
        {
            current = [.. handlers];
        }

        foreach (var handler in current)
        {
            Task handled;
            try
            {
                handled = handler(conversationEvent);
            }
            catch (Exception e)
            {
                LogFailure(e, conversationEvent);
                continue;
            }

            if (!handled.IsCompletedSuccessfully)
            {
                _ = ObserveAsync(handled, conversationEvent);
            }
        }

        return Task.CompletedTask;
    }

    private async Task ObserveAsync(Task handled, ConversationEvent conversationEvent)
    {
        try
        {
            await handled;
        }
        catch (Exception e)
        {
            LogFailure(e, conversationEvent);
        }
    }

    private void LogFailure(Exception e, ConversationEvent conversationEvent) =>
        logger.LogWarning(e, "A subscriber failed on {EventKind} for thread {ThreadId}", conversationEvent.Kind, conversationEvent.ThreadId);

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
