using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;

namespace Portal.Core.Threads;

/// <summary>One customer's conversation with one department. At most one open thread exists per pair.</summary>
public class ConversationThread : Entity
{
    public Guid DepartmentId { get; set; }
    public Department? Department { get; set; }
    public Guid CustomerId { get; set; }
    public Customer? Customer { get; set; }

    public Guid? AssigneeId { get; set; }

    /// <summary>
    /// Waiting for automatic assignment: set with the change that needs it (a new conversation, a reopen) and cleared by
    /// the assigner, so a crash in between leaves it for the next sweep rather than unassigned for good.
    /// </summary>
    public bool AwaitsAssignment { get; set; }
    public ThreadStatus Status { get; set; } = ThreadStatus.Open;
    public DateTime? SnoozedUntil { get; set; }
    public DateTime? ClosedAt { get; set; }

    public DateTime LastActivityAt { get; set; }
    public string LastMessagePreview { get; set; } = "";
    public MessageDirection? LastMessageDirection { get; set; }

    /// <summary>When the customer last wrote; a thread is unread for a user who last read it before this.</summary>
    public DateTime? LastInboundAt { get; set; }

    /// <summary>The provider account the customer last wrote to; replies leave through it so the customer sees one number.</summary>
    public Guid? LastInboundProviderAccountId { get; set; }

    /// <summary>When the customer's oldest text that nobody has answered arrived; null once staff answer (or close).</summary>
    public DateTime? AwaitingReplySince { get; set; }

    /// <summary>How far that wait was escalated: 0 not yet, 1 the assignee was told, 2 managers were too.</summary>
    public int EscalationLevel { get; set; }

    /// <summary>Shown as overdue in the inbox: open, and its wait reached the department's first limit.</summary>
    public bool IsOverdue => Status == ThreadStatus.Open && AwaitingReplySince is not null && EscalationLevel > 0;

    /// <summary>A customer's text that expects an answer starts (or continues) the wait.</summary>
    public void AwaitReply(DateTime at) => AwaitingReplySince ??= at;

    /// <summary>When a person first answered the customer since the conversation began or was last reopened.</summary>
    public DateTime? FirstAnsweredAt { get; set; }

    /// <summary>
    /// A person answered at <paramref name="at"/>: the wait ends, and how long it lasted (on the wall clock and in the
    /// department's open hours) is returned to be kept; null when the customer was not waiting.
    /// </summary>
    public Reports.ResponseTime? AnsweredBy(Guid? responderUserId, DateTime at, SendingHours hours, TimeZoneInfo zone)
    {
        Reports.ResponseTime? measured = null;
        if (AwaitingReplySince is { } since && at >= since)
        {
            measured = new Reports.ResponseTime
            {
                ThreadId = Id,
                DepartmentId = DepartmentId,
                ResponderUserId = responderUserId,
                WaitedFrom = since,
                AnsweredAt = at,
                WallSeconds = (int)Math.Min(int.MaxValue, (at - since).TotalSeconds),
                BusinessSeconds = (int)Math.Min(int.MaxValue, Escalation.BusinessClock.Between(since, at, hours, zone).TotalSeconds),
                IsFirstResponse = FirstAnsweredAt is null,
            };
            FirstAnsweredAt ??= at;
        }

        Answered();
        return measured;
    }

    /// <summary>Staff answered (or closed it): the wait and its escalation end.</summary>
    public void Answered()
    {
        AwaitingReplySince = null;
        EscalationLevel = 0;
    }

    public const int PreviewLength = 140;

    /// <summary>Records a message as the thread's latest activity (internal notes and system lines do not reorder the inbox).</summary>
    public void Touch(Message message)
    {
        if (message.Kind is MessageKind.SystemEvent or MessageKind.Note)
        {
            return;
        }

        if (message.Direction == MessageDirection.Inbound && (LastInboundAt is null || message.OccurredAt > LastInboundAt))
        {
            LastInboundAt = message.OccurredAt;
        }

        if (message.OccurredAt < LastActivityAt)
        {
            return;
        }

        LastActivityAt = message.OccurredAt;
        LastMessageDirection = message.Direction;
        var body = message.Body.ReplaceLineEndings(" ");
        LastMessagePreview = body.Length <= PreviewLength ? body : body[..(PreviewLength - 1)] + "…";
    }
}
