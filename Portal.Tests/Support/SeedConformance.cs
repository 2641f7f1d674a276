using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Tests.Support;

/// <summary>
/// What each provider's seed document (shared/seeds) requires of a request, as checks a fake server runs on every
/// request it receives. An empty list means the request is valid against the document.
/// </summary>
public static partial class SeedConformance
{
    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$|^\d{5,6}$|^pn_[A-Za-z0-9]{26}$")]
    private static partial Regex SurgeFrom();

    [GeneratedRegex(@"^/accounts/[^/]+/messages$")]
    private static partial Regex SurgePath();

    [GeneratedRegex(@"^/api/laml/2010-04-01/Accounts/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/Messages$")]
    private static partial Regex SignalWirePath();

    [GeneratedRegex(@"^/communications/department/[^/]+/customer/[^/]+/communication/historical$")]
    private static partial Regex DmsPath();

    /// <summary>Seed 002: Surge POST /accounts/{account_id}/messages.</summary>
    public static IReadOnlyList<string> Surge(HttpRequest request, string body)
    {
        var errors = new List<string>();
        Expect(errors, request.Method == "POST", $"method {request.Method}, expected POST");
        Expect(errors, SurgePath().IsMatch(request.Path.Value ?? ""), $"path {request.Path} is not /accounts/{{account_id}}/messages");
        Expect(errors, request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal), "Authorization is not 'Bearer <token>'");
        Expect(errors, (request.ContentType ?? "").StartsWith("application/json", StringComparison.Ordinal), $"content type {request.ContentType}, expected application/json");
        if (!TryParse(body, errors, out var root))
        {
            return errors;
        }

        var allowed = new[] { "conversation", "to", "from", "body", "attachments", "send_at", "metadata", "settings" };
        Unknown(errors, root, allowed);
        var hasConversation = root.TryGetProperty("conversation", out var conversation);
        var hasTo = root.TryGetProperty("to", out var to);
        var hasFrom = root.TryGetProperty("from", out var from);
        Expect(errors, hasConversation ^ hasTo, "exactly one of conversation or to is required");
        Expect(errors, !(hasConversation && hasFrom), "conversation cannot be combined with from");
        Expect(errors, root.TryGetProperty("body", out _) || root.TryGetProperty("attachments", out _), "body or attachments is required");
        if (hasTo)
        {
            Expect(errors, to.ValueKind == JsonValueKind.String && E164().IsMatch(to.GetString()!), $"to {to} does not match ^\\+[1-9]\\d{{6,14}}$");
        }

        if (hasFrom)
        {
            Expect(errors, from.ValueKind == JsonValueKind.String && SurgeFrom().IsMatch(from.GetString()!), $"from {from} does not match the phone number pattern");
        }

        if (hasConversation)
        {
            Unknown(errors, conversation, ["contact", "phone_number"]);
            if (Expect(errors, conversation.TryGetProperty("contact", out var contact) && contact.ValueKind == JsonValueKind.Object, "conversation.contact is required"))
            {
                Unknown(errors, contact, ["phone_number", "first_name", "last_name", "email", "metadata"]);
                Expect(errors, contact.TryGetProperty("phone_number", out var phone) && phone.ValueKind == JsonValueKind.String && E164().IsMatch(phone.GetString()!),
                    "conversation.contact.phone_number is required and must be E.164");
                if (contact.TryGetProperty("email", out var email))
                {
                    Expect(errors, email.ValueKind == JsonValueKind.String && email.GetString()!.Contains('@'), "conversation.contact.email is not an email");
                }
            }

            if (conversation.TryGetProperty("phone_number", out var number))
            {
                Expect(errors, number.ValueKind == JsonValueKind.String && SurgeFrom().IsMatch(number.GetString()!), "conversation.phone_number does not match the pattern");
            }
        }

        if (root.TryGetProperty("attachments", out var attachments))
        {
            Expect(errors, attachments.ValueKind == JsonValueKind.Array && attachments.EnumerateArray().All(a => a.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String),
                "attachments must be [{url}]");
        }

        if (root.TryGetProperty("metadata", out var metadata))
        {
            Expect(errors, metadata.ValueKind == JsonValueKind.Object, "metadata must be an object");
            if (metadata.ValueKind == JsonValueKind.Object)
            {
                var properties = metadata.EnumerateObject().ToList();
                Expect(errors, properties.Count <= 50, "metadata has more than 50 keys");
                Expect(errors, properties.All(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length <= 500), "metadata values must be strings of at most 500 characters");
            }
        }

        if (root.TryGetProperty("send_at", out var sendAt))
        {
            Expect(errors, sendAt.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(sendAt.GetString(), out _), "send_at is not a date-time");
        }

        return errors;
    }

    /// <summary>Seed 004: SignalWire POST /api/laml/2010-04-01/Accounts/{AccountSid}/Messages.</summary>
    public static IReadOnlyList<string> SignalWire(HttpRequest request, string body)
    {
        var errors = new List<string>();
        if (request.Method == "GET")
        {
            // The reconciliation listing (Messages.json) is Twilio-compatible; only its auth is checked here.
            Expect(errors, BasicUser(request) is not null, "Authorization is not HTTP Basic");
            return errors;
        }

        Expect(errors, request.Method == "POST", $"method {request.Method}, expected POST");
        var path = SignalWirePath().Match(request.Path.Value ?? "");
        Expect(errors, path.Success, $"path {request.Path} is not /api/laml/2010-04-01/Accounts/{{uuid}}/Messages");
        var user = BasicUser(request);
        Expect(errors, user is not null, "Authorization is not HTTP Basic project_id:token");
        if (path.Success && user is not null)
        {
            Expect(errors, string.Equals(user, path.Groups[1].Value, StringComparison.OrdinalIgnoreCase), "the Basic user is not the project id in the path");
        }

        Expect(errors, (request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal), $"content type {request.ContentType}, expected form-urlencoded");
        var form = QueryHelpers.ParseQuery(body);
        var allowed = new[] { "To", "From", "MessagingServiceSid", "Body", "MediaUrl", "StatusCallback", "ValidityPeriod", "SendAsMms", "ApplicationSid", "MaxPrice" };
        foreach (var key in form.Keys.Where(k => !allowed.Contains(k)))
        {
            errors.Add($"unknown parameter {key}");
        }

        Expect(errors, form.TryGetValue("To", out var toValues) && toValues.Count == 1 && E164().IsMatch(toValues[0]!), "To is required and must be E.164");
        Expect(errors, form.ContainsKey("From") || form.ContainsKey("MessagingServiceSid"), "From or MessagingServiceSid is required");
        if (form.TryGetValue("From", out var fromValues))
        {
            Expect(errors, fromValues.Count == 1 && E164().IsMatch(fromValues[0]!), "From must be E.164");
        }

        Expect(errors, form.ContainsKey("Body") || form.ContainsKey("MediaUrl"), "Body or MediaUrl is required");
        if (form.TryGetValue("MediaUrl", out var media))
        {
            Expect(errors, media.Count <= 8, "at most 8 MediaUrl");
            Expect(errors, media.All(m => Uri.TryCreate(m, UriKind.Absolute, out _)), "MediaUrl must be absolute URLs");
        }

        if (form.TryGetValue("StatusCallback", out var callback))
        {
            Expect(errors, Uri.TryCreate(callback[0], UriKind.Absolute, out _), "StatusCallback must be an absolute URI");
        }

        if (form.TryGetValue("ValidityPeriod", out var validity))
        {
            Expect(errors, int.TryParse(validity[0], out var seconds) && seconds is >= 1 and <= 172800, "ValidityPeriod must be 1-172800");
        }

        return errors;
    }

    /// <summary>Seed 000: Drivly Commerce POST /messages.</summary>
    public static IReadOnlyList<string> Drivly(HttpRequest request, string body)
    {
        var errors = new List<string>();
        Expect(errors, request.Method == "POST", $"method {request.Method}, expected POST");
        Expect(errors, (request.Path.Value ?? "").EndsWith("/messages", StringComparison.Ordinal), $"path {request.Path} is not /messages");
        Expect(errors, request.Headers.Authorization.ToString().StartsWith("users API-Key ", StringComparison.Ordinal) && request.Headers.Authorization.ToString().Length > 14,
            "Authorization is not 'users API-Key <key>'");
        Expect(errors, (request.ContentType ?? "").StartsWith("application/json", StringComparison.Ordinal), $"content type {request.ContentType}, expected application/json");
        if (!TryParse(body, errors, out var root))
        {
            return errors;
        }

        Unknown(errors, root, ["id", "status", "message", "phone", "lead", "template", "createdTime", "generated", "type", "openphoneMessageId", "updatedAt", "createdAt"]);
        Expect(errors, root.TryGetProperty("updatedAt", out var updated) && updated.ValueKind == JsonValueKind.String, "updatedAt is required (string)");
        Expect(errors, root.TryGetProperty("createdAt", out var created) && created.ValueKind == JsonValueKind.String, "createdAt is required (string)");
        if (root.TryGetProperty("status", out var status))
        {
            Expect(errors, status.ValueKind == JsonValueKind.Null || new[] { "Send", "Sent", "Received", "Queued", "Canceled", "Retry", "Manual" }.Contains(status.GetString()),
                $"status {status} is not in the enum");
        }

        foreach (var name in new[] { "message", "phone", "createdTime", "type", "openphoneMessageId" })
        {
            if (root.TryGetProperty(name, out var value))
            {
                Expect(errors, value.ValueKind is JsonValueKind.String or JsonValueKind.Null, $"{name} must be a string");
            }
        }

        foreach (var name in new[] { "lead", "template" })
        {
            if (root.TryGetProperty(name, out var value))
            {
                Expect(errors, value.ValueKind is JsonValueKind.Number or JsonValueKind.Object or JsonValueKind.Null, $"{name} must be a number (id) or an object");
            }
        }

        if (root.TryGetProperty("generated", out var generated))
        {
            Expect(errors, generated.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null, "generated must be a boolean");
        }

        return errors;
    }

    /// <summary>Seed 003: DMS PUT /communications/department/{d}/customer/{c}/communication/historical.</summary>
    public static IReadOnlyList<string> Dms(HttpRequest request, string body)
    {
        var errors = new List<string>();
        Expect(errors, request.Method == "PUT", $"method {request.Method}, expected PUT");
        Expect(errors, DmsPath().IsMatch(request.Path.Value ?? ""), $"path {request.Path} is not the historical communication path");
        Expect(errors, BasicUser(request) is not null, "Authorization is not HTTP Basic");
        Expect(errors, (request.ContentType ?? "").StartsWith("application/json", StringComparison.Ordinal), "content type is not application/json");
        Expect(errors, request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal), "Accept is not application/json");
        if (!TryParse(body, errors, out var root))
        {
            return errors;
        }

        Unknown(errors, root, ["saveMessageRequestList", "callBackPathUrl"]);
        if (!Expect(errors, root.TryGetProperty("saveMessageRequestList", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0,
                "saveMessageRequestList must be a non-empty array"))
        {
            return errors;
        }

        foreach (var item in list.EnumerateArray())
        {
            Unknown(errors, item, ["sourceUuid", "callBackPathUrl", "sentOn", "receivedOn", "userUuid", "messageUuid", "communicationUid", "messageAttributes", "notificationAttributes", "voiceCallAttributes"]);
            Expect(errors, item.TryGetProperty("sourceUuid", out var source) && source.ValueKind == JsonValueKind.String, "each item needs a sourceUuid");
            foreach (var date in new[] { "sentOn", "receivedOn" })
            {
                if (item.TryGetProperty(date, out var value))
                {
                    Expect(errors, value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), out _), $"{date} is not a date-time");
                }
            }

            if (!Expect(errors, item.TryGetProperty("messageAttributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object, "messageAttributes is missing"))
            {
                continue;
            }

            Enum(errors, attributes, "type", ["DRAFT", "DISCARDED_DRAFT", "OUTGOING", "INCOMING", "NOTE"]);
            Enum(errors, attributes, "protocol", ["TEXT", "EMAIL", "VOICE_CALL", "NONE"]);
            if (attributes.TryGetProperty("draftAttributes", out var draft))
            {
                Enum(errors, draft, "draftStatus", ["SCHEDULED", "FAILED", "DISCARDED", "SENT", "DRAFTED", "QUEUED"]);
            }

            if (attributes.TryGetProperty("metaData", out var meta))
            {
                Expect(errors, meta.ValueKind == JsonValueKind.Object && meta.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String), "metaData values must be strings");
            }
        }

        return errors;
    }

    private static string? BasicUser(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
            var colon = decoded.IndexOf(':');
            return colon > 0 && colon < decoded.Length - 1 ? decoded[..colon] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool TryParse(string body, List<string> errors, out JsonElement root)
    {
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
            return Expect(errors, root.ValueKind == JsonValueKind.Object, "the body is not a JSON object");
        }
        catch (JsonException e)
        {
            errors.Add($"the body is not JSON: {e.Message}");
            root = default;
            return false;
        }
    }

    private static void Unknown(List<string> errors, JsonElement element, string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
        {
            errors.Add($"unknown property {property.Name}");
        }
    }

    private static void Enum(List<string> errors, JsonElement element, string name, string[] values)
    {
        if (element.TryGetProperty(name, out var value))
        {
            Expect(errors, value.ValueKind == JsonValueKind.String && values.Contains(value.GetString()), $"{name} {value} is not one of {string.Join(", ", values)}");
        }
    }

    private static bool Expect(List<string> errors, bool condition, string error)
    {
        if (!condition)
        {
            errors.Add(error);
        }

        return condition;
    }
}
