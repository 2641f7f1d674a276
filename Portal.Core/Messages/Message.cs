using Portal.Core.Common;

namespace Portal.Core.Messages;

public class Message : Entity, IVersioned
{
    public Guid ThreadId { get; set; }
    public MessageDirection Direction { get; set; }
    public MessageKind Kind { get; set; } = MessageKind.Text;
    public string Body { get; set; } = "";
    public List<Attachment> Attachments { get; set; } = [];

    public AuthorType AuthorType { get; set; }
    public Guid? AuthorUserId { get; set; }
    public string? AuthorName { get; set; }

    public Guid? TemplateId { get; set; }
    public Guid? CampaignId { get; set; }

    /// <summary>The campaign variant ("A", "B", …) this text came from.</summary>
    public string? CampaignVariant { get; set; }
    public Guid? ProviderAccountId { get; set; }
    public string? ProviderMessageId { get; set; }

    public MessageStatus Status { get; private set; } = MessageStatus.Draft;
    public FailureReason? FailureReason { get; set; }
    public string? FailureDetail { get; set; }
    public int Attempts { get; set; }

    /// <summary>When a scheduled message is due, in UTC.</summary>
    public DateTime? SendAt { get; set; }

    public DateTime? QueuedAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public DateTime? FailedAt { get; private set; }
    public DateTime? CanceledAt { get; private set; }
    public DateTime? ReceivedAt { get; private set; }

    /// <summary>
    /// When a text counts in the reports: an inbound text when it was received, an outbound one when it was first put
    /// to send (queued, claimed, or refused), not when it was written or scheduled. Null while it is a draft or scheduled.
    /// </summary>
    public DateTime? ActivityAt { get; private set; }

    /// <summary>When the message happened for the conversation: received, sent, or written.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>When a message waiting to retry is next tried.</summary>
    public DateTime? NextAttemptAt { get; set; }

    public string? IdempotencyKey { get; set; }
    public string? JobId { get; set; }

    /// <summary>The W3C traceparent of the request that queued it, so its send, hours later on a job server, joins that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Bumped on every save; an update succeeds only from the revision it read, so exactly one worker claims a send.</summary>
    public int Revision { get; private set; }

    /// <summary>
    /// It told the customer how to stop, when they were due to be told (see <see cref="Consent.OptOutLine"/>): with the
    /// department's line, or in its own words. The next 30 days' texts need not say it again.
    /// </summary>
    public bool CarriesOptOutLine { get; set; }

    /// <summary>Held to the department's sending hours (scheduled by a manager, campaigns), unlike a person's reply.</summary>
    public bool IsAutomated { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsOutbound => Direction == MessageDirection.Outbound;

    /// <summary>Moves the message to <paramref name="next"/> if the state machine allows it; false (and no change) if not.</summary>
    public bool TryMoveTo(MessageStatus next, DateTime utcNow)
    {
        if (!MessageStatusMachine.CanTransition(Status, next))
        {
            return false;
        }

        Status = next;
        Stamp(next, utcNow);
        return true;
    }

    public void MoveTo(MessageStatus next, DateTime utcNow)
    {
        if (!TryMoveTo(next, utcNow))
        {
            throw new InvalidStatusTransitionException(Id, Status, next);
        }
    }

    /// <summary>
    /// A send left uncertain (flagged <see cref="FailureReason.OutcomeUnknown"/>) that the provider later proves went out:
    /// it becomes Sent, then moves on to what the provider reported. False for any other message.
    /// </summary>
    public bool TryResolveUncertainSend(MessageStatus reported, DateTime utcNow)
    {
        if (Status != MessageStatus.Failed || FailureReason != Messages.FailureReason.OutcomeUnknown
            || reported is not (MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Undelivered or MessageStatus.Failed))
        {
            return false;
        }

        Status = MessageStatus.Sent;
        FailedAt = null;
        FailureReason = null;
        FailureDetail = null;
        Stamp(MessageStatus.Sent, utcNow);
        if (reported != MessageStatus.Sent)
        {
            TryMoveTo(reported, utcNow);
        }

        return true;
    }

    /// <summary>Takes a due message for one send attempt through <paramref name="providerAccountId"/>; a concurrent claim loses on the revision.</summary>
    public void Claim(Guid providerAccountId, DateTime utcNow)
    {
        MoveTo(MessageStatus.Sending, utcNow);
        Attempts++;
        ProviderAccountId = providerAccountId;
    }

    /// <summary>Moves a pending message's due time: its next attempt when it is waiting to retry, else its send time.</summary>
    public void DeferTo(DateTime utc)
    {
        if (Status == MessageStatus.Retrying)
        {
            NextAttemptAt = utc;
        }
        else
        {
            SendAt = utc;
        }
    }

    public void Fail(FailureReason reason, string? detail, DateTime utcNow)
    {
        MoveTo(MessageStatus.Failed, utcNow);
        FailureReason = reason;
        FailureDetail = detail;
    }

    /// <summary>Creates a message already in its first status (Received inbound, a note, a logged history item).</summary>
    public static Message Create(Guid threadId, MessageDirection direction, MessageKind kind, string body, MessageStatus initial, DateTime occurredAt)
    {
        var message = new Message
        {
            ThreadId = threadId,
            Direction = direction,
            Kind = kind,
            Body = body,
            OccurredAt = occurredAt,
            Status = initial,
        };
        message.Stamp(initial, occurredAt);
        return message;
    }

    private void Stamp(MessageStatus status, DateTime utcNow)
    {
        if (status == MessageStatus.Received)
        {
            ActivityAt = utcNow;
        }
        else if (status is not (MessageStatus.Draft or MessageStatus.Scheduled or MessageStatus.Canceled))
        {
            ActivityAt ??= utcNow;
        }

        switch (status)
        {
            case MessageStatus.Queued: QueuedAt = utcNow; break;
            case MessageStatus.Sent: SentAt = utcNow; break;
            case MessageStatus.Delivered: DeliveredAt = utcNow; SentAt ??= utcNow; break;
            case MessageStatus.Failed or MessageStatus.Undelivered: FailedAt = utcNow; break;
            case MessageStatus.Canceled: CanceledAt = utcNow; break;
            case MessageStatus.Received: ReceivedAt = utcNow; break;
        }
    }
}
