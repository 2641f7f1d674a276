using Portal.Core.Messages;

namespace Portal.Core.Realtime;

public enum ConversationEventKind
{
    MessageAdded,
    MessageStatusChanged,
    ThreadUpdated,
}

/// <summary>Something changed in a department's conversations; carries ids only, so listeners re-read what they may see.</summary>
public sealed record ConversationEvent(
    ConversationEventKind Kind,
    Guid DepartmentId,
    Guid ThreadId,
    Guid? MessageId = null,
    MessageStatus? Status = null,
    MessageDirection? Direction = null);
