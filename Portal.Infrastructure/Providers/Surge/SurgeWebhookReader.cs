using System.Text.Json;
using Portal.Core.Inbound;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.ProviderWebhooks;

namespace Portal.Infrastructure.Providers.Surge;

/// <summary>
/// Surge's envelope <c>{account_id, type, timestamp, data}</c>, signed with Standard Webhooks. Read defensively: any
/// value of the wrong shape makes the event malformed (400, kept in the log), never an error.
/// </summary>
internal sealed class SurgeWebhookReader : IWebhookReader
{
    public ProviderKind Kind => SurgeModule.Kind;

    public SignatureVerdict Verify(ProviderAccountSettings account, WebhookRequest request, DateTimeOffset now) =>
        StandardWebhookSignature.Verify(account.SigningKey ?? "", request.Header("webhook-id"), request.Header("webhook-timestamp"),
            request.Header("webhook-signature"), request.Body, now);

    public WebhookReading Read(WebhookRequest request, DateTime receivedAtUtc)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return WebhookReading.Bad("malformed", "The body is not JSON.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return WebhookReading.Bad("malformed", "The body is not a JSON object.");
        }

        var eventType = "malformed";
        try
        {
            var type = Text(root, "type");
            if (type is null || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return WebhookReading.Bad(eventType, "The event has no type or no data object.");
            }

            eventType = type.Length <= 64 ? type : type[..64];
            return Read(request.Header("webhook-id") ?? "", eventType, type, data);
        }
        catch (Exception e) when (e is MalformedException or JsonException)
        {
            return WebhookReading.Bad(eventType, e.Message);
        }
    }

    private static WebhookReading Read(string eventId, string eventType, string type, JsonElement data)
    {
        var messageId = Text(data, "id");
        switch (type)
        {
            case "message.received":
                var conversation = Object(data, "conversation");
                var contact = Object(conversation, "contact");
                var from = Text(contact, "phone_number") ?? throw new MalformedException("conversation.contact.phone_number is missing.");
                var to = conversation.TryGetProperty("phone_number", out var number) && number.ValueKind == JsonValueKind.Object ? Text(number, "number") ?? "" : "";
                var media = data.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
                    ? attachments.EnumerateArray()
                        .Where(a => a.ValueKind == JsonValueKind.Object && Text(a, "url") is not null)
                        .Select(a => new Attachment(Text(a, "url")!, Text(a, "type")))
                        .ToList()
                    : [];
                return WebhookReading.Of(eventId, eventType, new InboundTextEvent(
                    messageId ?? throw new MalformedException("data.id is missing."), from, to, Text(data, "body") ?? "", media, Time(data, "received_at")));
            case "message.sent" or "message.delivered" or "message.failed":
                if (messageId is null)
                {
                    throw new MalformedException("data.id is missing.");
                }

                var failure = Text(data, "failure_reason");
                return WebhookReading.Of(eventId, eventType, type switch
                {
                    "message.sent" => new DeliveryReportEvent(messageId, MessageStatus.Sent, null, null, PortalId(data)),
                    "message.delivered" => new DeliveryReportEvent(messageId, MessageStatus.Delivered, null, null, PortalId(data)),
                    _ => new DeliveryReportEvent(messageId, MessageStatus.Failed, SurgeErrors.Classify(failure).Reason, failure, PortalId(data)),
                });
            case "contact.opted_out" or "contact.opted_in":
                var phone = Text(data, "phone_number");
                return WebhookReading.Of(eventId, eventType, phone is null
                    ? new UnusedEvent("No phone number in the event.")
                    : new ConsentReportEvent(phone, type == "contact.opted_out", type == "contact.opted_out" ? "Surge reported an opt-out" : "Surge reported an opt-in"));
            default:
                return WebhookReading.Of(eventId, eventType, new UnusedEvent($"{type} is not used by the portal."));
        }
    }

    /// <summary>Our own id, which sends carry in Surge's metadata and its message events echo.</summary>
    private static Guid? PortalId(JsonElement data) =>
        data.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && Guid.TryParse(Text(metadata, "portal_message_id"), out var id) ? id : null;

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw new MalformedException($"{name} is missing or not an object.");

    private static string? Text(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new MalformedException($"{name} is not a string.");
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone UTF-16 surrogate: keep the text, with the broken character replaced.
            var raw = System.Text.RegularExpressions.Regex.Replace(value.GetRawText(), @"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}", "\\ufffd");
            return JsonSerializer.Deserialize<string>(raw);
        }
    }

    private static DateTime? Time(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at) ? at.UtcDateTime : null;

    private sealed class MalformedException(string message) : Exception(message);
}
