using Portal.Core.Realtime;

namespace Portal.Web.Realtime;

/// <summary>
/// What hub clients receive: enough to show the change without another request. Serialized by SignalR as camelCase
/// JSON; enums go as their names. Documented in the README.
/// </summary>
internal static class HubPayloads
{
    public static object For(ConversationEvent e) => e.Kind switch
    {
        ConversationEventKind.MessageAdded => new MessagePayload(e, e.Message),
        ConversationEventKind.MessageStatusChanged => new StatusPayload(
            e.DepartmentId, e.ThreadId, e.MessageId, e.Status?.ToString(), e.Direction?.ToString(),
            e.Message?.FailureReason?.ToString(), e.Message?.FailureDetail),
        ConversationEventKind.CampaignProgress => e.Campaign!,
        _ => new ThreadPayload(e.DepartmentId, e.ThreadId, e.Thread is { } t ? new ThreadState(t) : null),
    };

    public sealed record CustomerPayload(Guid Id, string Name, string? Phone)
    {
        public CustomerPayload(CustomerSnapshot c)
            : this(c.Id, c.Name, c.Phone)
        {
        }
    }

    public sealed record MessagePayload(
        Guid DepartmentId, Guid ThreadId, Guid? MessageId, string? Status, string? Direction, string? Kind, string? Body,
        IReadOnlyList<string> MediaUrls, DateTime? OccurredAt, string? FailureReason, string? FailureDetail, string? AuthorName, CustomerPayload? Customer)
    {
        public MessagePayload(ConversationEvent e, MessageSnapshot? m)
            : this(e.DepartmentId, e.ThreadId, e.MessageId, e.Status?.ToString(), e.Direction?.ToString(), m?.Kind.ToString(), m?.Body,
                m is null ? [] : [.. m.Attachments.Select(a => a.Url)], m?.OccurredAt, m?.FailureReason?.ToString(), m?.FailureDetail, m?.AuthorName,
                m is null ? null : new CustomerPayload(m.Customer))
        {
        }
    }

    public sealed record StatusPayload(Guid DepartmentId, Guid ThreadId, Guid? MessageId, string? Status, string? Direction, string? FailureReason, string? FailureDetail);

    public sealed record ThreadState(string Status, Guid? AssigneeId, DateTime LastActivityAt, DateTime? LastInboundAt, DateTime? SnoozedUntil, string LastMessagePreview, CustomerPayload Customer)
    {
        public ThreadState(ThreadSnapshot t)
            : this(t.Status.ToString(), t.AssigneeId, t.LastActivityAt, t.LastInboundAt, t.SnoozedUntil, t.LastMessagePreview, new CustomerPayload(t.Customer))
        {
        }
    }

    public sealed record ThreadPayload(Guid DepartmentId, Guid ThreadId, ThreadState? Thread);
}
