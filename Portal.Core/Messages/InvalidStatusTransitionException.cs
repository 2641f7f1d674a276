using Portal.Core.Common;

namespace Portal.Core.Messages;

public sealed class InvalidStatusTransitionException(Guid messageId, MessageStatus from, MessageStatus to)
    : DomainException($"Message {messageId} cannot move from {from} to {to}.")
{
    public MessageStatus From { get; } = from;
    public MessageStatus To { get; } = to;
}
