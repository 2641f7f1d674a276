using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Threads;

namespace Portal.Core.Realtime;

public enum ConversationEventKind
{
    MessageAdded,
    MessageStatusChanged,
    ThreadUpdated,

    /// <summary>A user's department memberships or access changed; listeners for that user re-read their scope.</summary>
    AccessChanged,

    /// <summary>A campaign's counts moved (a batch sent, a pause, a reply); <see cref="ConversationEvent.Campaign"/> has them.</summary>
    CampaignProgress,

    /// <summary>A user read a conversation; that user's other screens (tabs, devices) count their unread again.</summary>
    ReadByUser,

    /// <summary>A notification for <see cref="ConversationEvent.UserId"/> (an overdue text, a mention); <see cref="ConversationEvent.Text"/> says what.</summary>
    NotificationAdded,

    /// <summary>Someone opened, typed in or left a conversation (<see cref="ConversationEvent.PresenceSignal"/>): the others in it see who is there.</summary>
    PresenceChanged,

    /// <summary>
    /// A user went away or came back, or opened their first or closed their last page (<see cref="ConversationEvent.UserId"/>):
    /// their screens show the switch as it is, and screens listing who is available read again.
    /// </summary>
    AwayChanged,
}

/// <summary>What a <see cref="ConversationEventKind.ThreadUpdated"/> was about, where a listener outside the portal needs to know.</summary>
public enum ThreadChange
{
    Assigned,
    Unassigned,
    Closed,
    Reopened,
    Snoozed,
    CustomerOptedOut,
    CustomerOptedIn,

    /// <summary>Its labels changed.</summary>
    Labeled,
}

/// <summary>
/// Something changed in a department's conversations, raised after the change is committed. It carries what a client
/// needs to show the change without asking again (<see cref="Message"/>, <see cref="Thread"/>); listeners still check
/// that their user may see <see cref="DepartmentId"/>.
/// </summary>
public sealed record ConversationEvent(
    ConversationEventKind Kind,
    Guid DepartmentId,
    Guid ThreadId,
    Guid? MessageId = null,
    MessageStatus? Status = null,
    MessageDirection? Direction = null)
{
    public MessageSnapshot? Message { get; init; }
    public ThreadSnapshot? Thread { get; init; }

    /// <summary>The user whose action raised it (null for customers, providers and jobs).</summary>
    public Guid? ActorUserId { get; init; }

    /// <summary>The name of the user whose action raised it, for the people it concerns ("Nyasia assigned you …").</summary>
    public string? ActorName { get; init; }

    /// <summary>The screen the action came from (<see cref="Common.Actor.Origin"/>), which has already shown the change.</summary>
    public Guid? Origin { get; init; }

    /// <summary>For <see cref="ConversationEventKind.ThreadUpdated"/>: the change it announces, when one use case made it (null for a touch).</summary>
    public ThreadChange? Change { get; init; }

    /// <summary>Its event webhook deliveries were stored in the transaction that made the change (an outbox): not again after it.</summary>
    public bool WebhooksStored { get; init; }

    /// <summary>For <see cref="ConversationEventKind.AccessChanged"/>: whose access changed; for <see cref="ConversationEventKind.ReadByUser"/>: who read.</summary>
    public Guid? UserId { get; init; }

    /// <summary>For <see cref="ConversationEventKind.PresenceChanged"/>: who, where, and doing what.</summary>
    public Presence.PresenceSignal? PresenceSignal { get; init; }

    /// <summary>For <see cref="ConversationEventKind.NotificationAdded"/>: what the notification says.</summary>
    public string? Text { get; init; }

    /// <summary>For <see cref="ConversationEventKind.CampaignProgress"/>: the campaign's counts after the change.</summary>
    public Campaigns.CampaignProgress? Campaign { get; init; }

    public static ConversationEvent CampaignProgressed(Guid departmentId, Campaigns.CampaignProgress progress) =>
        new(ConversationEventKind.CampaignProgress, departmentId, Guid.Empty) { Campaign = progress };
}

/// <summary>A message as a client renders it.</summary>
public sealed record MessageSnapshot(
    Guid Id,
    Guid ThreadId,
    Guid DepartmentId,
    MessageDirection Direction,
    MessageKind Kind,
    MessageStatus Status,
    string Body,
    IReadOnlyList<Attachment> Attachments,
    DateTime OccurredAt,
    FailureReason? FailureReason,
    string? FailureDetail,
    string? AuthorName,
    CustomerSnapshot Customer)
{
    public AuthorType AuthorType { get; init; }

    /// <summary>The user who wrote it (null for customers, the portal and integrations).</summary>
    public Guid? AuthorUserId { get; init; }

    /// <summary>When a scheduled message is due.</summary>
    public DateTime? SendAt { get; init; }
}

public sealed record CustomerSnapshot(Guid Id, string Name, string? Phone)
{
    public bool OptedOut { get; init; }
}

/// <summary>A thread's state for the inbox list: status, assignee and what decides unread (the customer's last text).</summary>
public sealed record ThreadSnapshot(
    Guid Id,
    Guid DepartmentId,
    ThreadStatus Status,
    Guid? AssigneeId,
    DateTime LastActivityAt,
    DateTime? LastInboundAt,
    string LastMessagePreview,
    DateTime? SnoozedUntil,
    CustomerSnapshot Customer)
{
    public MessageDirection? LastMessageDirection { get; init; }

    /// <summary>The customer's text has waited past the department's limit (<see cref="ConversationThread.IsOverdue"/>).</summary>
    public bool Overdue { get; init; }
}

/// <summary>Builds events from committed entities, so every use case describes a change the same way.</summary>
public static class ConversationEvents
{
    public static ConversationEvent MessageAdded(Message message, ConversationThread thread, Customer customer, Guid? actorUserId = null) =>
        new(ConversationEventKind.MessageAdded, thread.DepartmentId, thread.Id, message.Id, message.Status, message.Direction)
        {
            Message = Snapshot(message, thread, customer),
            Thread = Snapshot(thread, customer),
            ActorUserId = actorUserId,
        };

    public static ConversationEvent StatusChanged(Message message, ConversationThread thread, Customer customer, Guid? actorUserId = null) =>
        new(ConversationEventKind.MessageStatusChanged, thread.DepartmentId, thread.Id, message.Id, message.Status, message.Direction)
        {
            Message = Snapshot(message, thread, customer),
            ActorUserId = actorUserId,
        };

    public static ConversationEvent ThreadUpdated(ConversationThread thread, Customer customer, Guid? actorUserId = null, ThreadChange? change = null) =>
        new(ConversationEventKind.ThreadUpdated, thread.DepartmentId, thread.Id)
        {
            Thread = Snapshot(thread, customer),
            ActorUserId = actorUserId,
            Change = change,
        };

    /// <summary>The same event, marked as raised by <paramref name="actor"/> from their screen.</summary>
    public static ConversationEvent By(this ConversationEvent e, Common.Actor actor) =>
        e with { ActorUserId = actor.UserId == Guid.Empty ? null : actor.UserId, ActorName = actor.Name, Origin = actor.Origin };

    public static ConversationEvent ReadBy(Guid userId, Guid departmentId, Guid threadId) =>
        new(ConversationEventKind.ReadByUser, departmentId, threadId) { UserId = userId };

    public static ConversationEvent NotificationAdded(Guid userId, Guid departmentId, Guid threadId, string text) =>
        new(ConversationEventKind.NotificationAdded, departmentId, threadId) { UserId = userId, Text = text };

    public static ConversationEvent Presence(Presence.PresenceSignal signal) =>
        new(ConversationEventKind.PresenceChanged, signal.DepartmentId, signal.ThreadId) { UserId = signal.UserId, PresenceSignal = signal };

    public static ConversationEvent AwayChanged(Guid userId) =>
        new(ConversationEventKind.AwayChanged, Guid.Empty, Guid.Empty) { UserId = userId };

    public static ConversationEvent AccessChanged(Guid userId) =>
        new(ConversationEventKind.AccessChanged, Guid.Empty, Guid.Empty) { UserId = userId };

    public static CustomerSnapshot Snapshot(Customer customer) => new(customer.Id, customer.DisplayName, customer.Phone) { OptedOut = customer.IsOptedOut };

    public static MessageSnapshot Snapshot(Message message, ConversationThread thread, Customer customer) => new(
        message.Id, thread.Id, thread.DepartmentId, message.Direction, message.Kind, message.Status, message.Body,
        [.. message.Attachments], message.OccurredAt, message.FailureReason, message.FailureDetail,
        message.AuthorName, Snapshot(customer))
    {
        AuthorType = message.AuthorType,
        AuthorUserId = message.AuthorUserId,
        SendAt = message.SendAt,
    };

    public static ThreadSnapshot Snapshot(ConversationThread thread, Customer customer) => new(
        thread.Id, thread.DepartmentId, thread.Status, thread.AssigneeId, thread.LastActivityAt, thread.LastInboundAt,
        thread.LastMessagePreview, thread.SnoozedUntil, Snapshot(customer))
    {
        LastMessageDirection = thread.LastMessageDirection,
        Overdue = thread.IsOverdue,
    };
}
