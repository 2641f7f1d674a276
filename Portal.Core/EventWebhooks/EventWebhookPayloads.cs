using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Messages;
using Portal.Core.Realtime;

namespace Portal.Core.EventWebhooks;

/// <summary>
/// Which event type a conversation event is for receivers, and the versioned JSON they get:
/// <c>{ "type", "timestamp", "data": { … } }</c> in camelCase, enums by name.
/// </summary>
public static class EventWebhookPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The event type this is, or <see cref="EventWebhookTypes.None"/> when receivers do not hear about it.</summary>
    public static EventWebhookTypes TypeOf(ConversationEvent e) => e switch
    {
        { Kind: ConversationEventKind.MessageAdded, Direction: MessageDirection.Inbound, Message: not null } => EventWebhookTypes.MessageReceived,
        { Kind: ConversationEventKind.MessageStatusChanged, Message: not null } => EventWebhookTypes.MessageStatusChanged,
        { Kind: ConversationEventKind.ThreadUpdated, Thread: not null, Change: ThreadChange.Assigned or ThreadChange.Unassigned } => EventWebhookTypes.ThreadAssigned,
        { Kind: ConversationEventKind.ThreadUpdated, Thread: not null, Change: ThreadChange.Closed } => EventWebhookTypes.ThreadClosed,
        { Kind: ConversationEventKind.ThreadUpdated, Thread: not null, Change: ThreadChange.CustomerOptedOut } => EventWebhookTypes.CustomerOptedOut,
        _ => EventWebhookTypes.None,
    };

    public static string Build(ConversationEvent e, EventWebhookTypes type, DateTimeOffset timestamp)
    {
        var customer = e.Message?.Customer ?? e.Thread?.Customer;
        var data = new EventData(
            e.DepartmentId,
            e.ThreadId,
            e.Message is { } m ? new MessageData(m.Id, m.Direction, m.Kind, m.Status, m.Body, m.OccurredAt, m.FailureReason, m.FailureDetail, [.. m.Attachments.Select(a => a.Url)]) : null,
            e.Thread is { } t ? new ThreadData(t.Id, t.Status, t.AssigneeId, t.LastActivityAt) : null,
            customer is null ? null : new CustomerData(customer.Id, customer.Name, customer.Phone, customer.OptedOut));
        return JsonSerializer.Serialize(new Envelope(EventWebhookTypeNames.Name(type), timestamp.UtcDateTime, data), Json);
    }

    public const string TestType = "webhook.test";

    /// <summary>The body of a test event: the same envelope, with data that says what it is.</summary>
    public static string BuildTest(string requestedBy, DateTimeOffset timestamp) =>
        JsonSerializer.Serialize(new TestEnvelope(TestType, timestamp.UtcDateTime, new TestData($"A test event from the Dealership Conversations Portal, sent by {requestedBy}.")), Json);

    private sealed record Envelope(string Type, DateTime Timestamp, EventData Data);

    private sealed record TestEnvelope(string Type, DateTime Timestamp, TestData Data);

    private sealed record TestData(string Message);

    private sealed record EventData(Guid DepartmentId, Guid ThreadId, MessageData? Message, ThreadData? Thread, CustomerData? Customer);

    private sealed record MessageData(Guid Id, MessageDirection Direction, MessageKind Kind, MessageStatus Status, string Body, DateTime OccurredAt,
        FailureReason? FailureReason, string? FailureDetail, IReadOnlyList<string> MediaUrls);

    private sealed record ThreadData(Guid Id, Threads.ThreadStatus Status, Guid? AssigneeId, DateTime LastActivityAt);

    private sealed record CustomerData(Guid Id, string Name, string? Phone, bool OptedOut);
}
