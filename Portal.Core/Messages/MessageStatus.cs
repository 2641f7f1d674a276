namespace Portal.Core.Messages;

/// <summary>The one status vocabulary every provider maps onto. Transitions are checked by <see cref="MessageStatusMachine"/>.</summary>
public enum MessageStatus
{
    Draft,
    Scheduled,
    Queued,
    Sending,
    Retrying,
    Sent,
    Delivered,
    Undelivered,
    Failed,
    Canceled,
    Received,
}
