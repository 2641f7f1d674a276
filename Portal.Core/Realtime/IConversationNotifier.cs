namespace Portal.Core.Realtime;

/// <summary>Raised after a change is committed.</summary>
public interface IConversationNotifier
{
    Task PublishAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken = default);
}

/// <summary>What pages subscribe to; handlers run outside any lock and must marshal to their own context.</summary>
public interface IConversationEventSource
{
    IDisposable Subscribe(Func<ConversationEvent, Task> handler);
}
