namespace Portal.Core.EventWebhooks;

/// <summary>The events an endpoint can ask for; a subscription holds a set of them.</summary>
[Flags]
public enum EventWebhookTypes
{
    None = 0,
    MessageReceived = 1,
    MessageStatusChanged = 2,
    ThreadAssigned = 4,
    ThreadClosed = 8,
    CustomerOptedOut = 16,
    All = MessageReceived | MessageStatusChanged | ThreadAssigned | ThreadClosed | CustomerOptedOut,
}

/// <summary>The names receivers see in the payload's <c>type</c>, and labels for the admin page.</summary>
public static class EventWebhookTypeNames
{
    public static readonly IReadOnlyList<EventWebhookTypes> Each =
    [
        EventWebhookTypes.MessageReceived,
        EventWebhookTypes.MessageStatusChanged,
        EventWebhookTypes.ThreadAssigned,
        EventWebhookTypes.ThreadClosed,
        EventWebhookTypes.CustomerOptedOut,
    ];

    public static string Name(EventWebhookTypes type) => type switch
    {
        EventWebhookTypes.MessageReceived => "message.received",
        EventWebhookTypes.MessageStatusChanged => "message.status_changed",
        EventWebhookTypes.ThreadAssigned => "thread.assigned",
        EventWebhookTypes.ThreadClosed => "thread.closed",
        EventWebhookTypes.CustomerOptedOut => "customer.opted_out",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "One event type at a time."),
    };

    public static string Label(EventWebhookTypes type) => type switch
    {
        EventWebhookTypes.MessageReceived => "Message received",
        EventWebhookTypes.MessageStatusChanged => "Message status changed",
        EventWebhookTypes.ThreadAssigned => "Conversation assigned",
        EventWebhookTypes.ThreadClosed => "Conversation closed",
        EventWebhookTypes.CustomerOptedOut => "Customer opted out",
        _ => type.ToString(),
    };

    public static IEnumerable<EventWebhookTypes> In(EventWebhookTypes set) => Each.Where(t => set.HasFlag(t));
}
