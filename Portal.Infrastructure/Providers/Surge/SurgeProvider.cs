using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.Surge;

/// <summary>Surge: JSON with a bearer token, one of two exclusive shapes (conversation, or to/from).</summary>
internal sealed class SurgeProvider(HttpClient http) : IMessageProvider
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public ProviderKind Kind => SurgeModule.Kind;

    public Task<SendResult> SendAsync(ProviderAccountSettings account, OutboundText message, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{(account.BaseUrl ?? SurgeModule.DefaultBaseUrl).TrimEnd('/')}/accounts/{Uri.EscapeDataString(account.AccountId ?? "")}/messages")
        {
            Content = JsonContent.Create(BuildBody(account, message), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return ProviderHttp.SendAsync(http, request, Interpret, cancellationToken);
    }

    /// <summary>
    /// With a known name the conversation shape carries the contact to Surge; otherwise the simpler to/from.
    /// Never both: Surge rejects a conversation with to or from.
    /// </summary>
    internal static SurgeMessageRequest BuildBody(ProviderAccountSettings account, OutboundText message)
    {
        var metadata = new Dictionary<string, string>
        {
            ["portal_message_id"] = message.MessageId.ToString(),
            ["portal_thread_id"] = message.ThreadId.ToString(),
        };
        var attachments = message.Attachments.Count == 0 ? null : message.Attachments.Select(a => new SurgeAttachment(a.Url)).ToList();
        var body = string.IsNullOrEmpty(message.Body) ? null : message.Body;

        if (!string.IsNullOrWhiteSpace(message.CustomerFirstName))
        {
            return new SurgeMessageRequest
            {
                Conversation = new SurgeConversation(
                    new SurgeContact(message.To, message.CustomerFirstName, NullIfEmpty(message.CustomerLastName), NullIfEmpty(message.CustomerEmail)),
                    NullIfEmpty(account.FromNumber)),
                Body = body,
                Attachments = attachments,
                Metadata = metadata,
            };
        }

        return new SurgeMessageRequest { To = message.To, From = NullIfEmpty(account.FromNumber), Body = body, Attachments = attachments, Metadata = metadata };
    }

    private static SendResult Interpret(HttpStatusCode status, string body)
    {
        if ((int)status is >= 200 and < 300)
        {
            var id = TryRead(body)?.RootElement.TryGetProperty("id", out var idElement) == true ? idElement.GetString() : null;
            return id is null
                ? SendResult.Ambiguous("Surge accepted the message but returned no id.", (int)status, body)
                : SendResult.Accepted(id, (int)status, body);
        }

        var error = TryRead(body)?.RootElement.TryGetProperty("error", out var e) == true ? e : (JsonElement?)null;
        var type = error?.TryGetProperty("type", out var t) == true ? t.GetString() : null;
        var text = error?.TryGetProperty("message", out var m) == true ? m.GetString() : body;
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return SendResult.Permanent(Core.Messages.FailureReason.ProviderRejected, $"Surge refused the credentials: {text}", (int)status, body);
        }

        var (outcome, reason) = SurgeErrors.Classify(type);
        var detail = $"{type ?? ((int)status).ToString()}: {text}";
        return outcome == SendOutcome.Transient
            ? SendResult.Transient(reason, detail, null, (int)status, body)
            : SendResult.Permanent(reason, detail, (int)status, body);
    }

    private static JsonDocument? TryRead(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed record SurgeMessageRequest
{
    public SurgeConversation? Conversation { get; init; }
    public string? To { get; init; }
    public string? From { get; init; }
    public string? Body { get; init; }
    public List<SurgeAttachment>? Attachments { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
}

internal sealed record SurgeConversation(SurgeContact Contact, string? PhoneNumber);

internal sealed record SurgeContact(string PhoneNumber, string? FirstName, string? LastName, string? Email);

internal sealed record SurgeAttachment(string Url);
