using System.Collections.Frozen;

namespace Portal.Core.Messages;

/// <summary>
/// The only place that decides whether a message may move from one status to another.
/// Late or duplicate provider callbacks ask for backward moves; they are refused here, so they change nothing.
/// </summary>
public static class MessageStatusMachine
{
    private static readonly FrozenDictionary<MessageStatus, FrozenSet<MessageStatus>> Allowed =
        new Dictionary<MessageStatus, FrozenSet<MessageStatus>>
        {
            [MessageStatus.Draft] = Set(MessageStatus.Scheduled, MessageStatus.Queued, MessageStatus.Canceled),
            [MessageStatus.Scheduled] = Set(MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Canceled, MessageStatus.Failed),
            [MessageStatus.Queued] = Set(MessageStatus.Sending, MessageStatus.Canceled, MessageStatus.Failed),
            // A fast provider's callback can overtake the recording of its own answer, so Sending may jump ahead.
            [MessageStatus.Sending] = Set(MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Undelivered, MessageStatus.Retrying, MessageStatus.Failed),
            [MessageStatus.Retrying] = Set(MessageStatus.Sending, MessageStatus.Failed, MessageStatus.Canceled),
            [MessageStatus.Sent] = Set(MessageStatus.Delivered, MessageStatus.Undelivered, MessageStatus.Failed),
            [MessageStatus.Delivered] = Set(),
            [MessageStatus.Undelivered] = Set(),
            [MessageStatus.Failed] = Set(),
            [MessageStatus.Canceled] = Set(),
            [MessageStatus.Received] = Set(),
        }.ToFrozenDictionary();

    public static bool CanTransition(MessageStatus from, MessageStatus to) => Allowed[from].Contains(to);

    public static bool IsTerminal(MessageStatus status) => Allowed[status].Count == 0;

    /// <summary>Statuses a person may still cancel or reschedule.</summary>
    public static bool IsPending(MessageStatus status) =>
        status is MessageStatus.Draft or MessageStatus.Scheduled or MessageStatus.Queued or MessageStatus.Retrying;

    private static FrozenSet<MessageStatus> Set(params MessageStatus[] statuses) => statuses.ToFrozenSet();
}
