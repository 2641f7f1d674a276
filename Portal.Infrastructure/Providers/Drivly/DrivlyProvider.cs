using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.Drivly;

/// <summary>Drivly Commerce's CRM messages collection: a message created with status "Send" is queued by Drivly.</summary>
internal sealed class DrivlyProvider(HttpClient http, TimeProvider clock) : IMessageProvider
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public ProviderKind Kind => DrivlyModule.Kind;

    public Task<SendResult> SendAsync(ProviderAccountSettings account, OutboundText message, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{(account.BaseUrl ?? DrivlyModule.DefaultBaseUrl).TrimEnd('/')}/messages")
        {
            Content = JsonContent.Create(BuildBody(message, clock.GetUtcNow()), options: Json),
        };
        // Payload CMS API keys: "<collection> API-Key <key>".
        request.Headers.TryAddWithoutValidation("Authorization", $"users API-Key {account.ApiToken}");
        return ProviderHttp.SendAsync(http, request, Interpret, cancellationToken);
    }

    internal static DrivlyMessageRequest BuildBody(OutboundText message, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new DrivlyMessageRequest
        {
            Status = "Send",
            Message = message.Body,
            Phone = message.To,
            // Drivly relations are numeric ids; anything else is not a Drivly lead and is left out.
            Lead = long.TryParse(message.CustomerIdIn(DrivlyModule.Kind), NumberStyles.None, CultureInfo.InvariantCulture, out var lead) ? lead : null,
            Type = "text",
            Generated = false,
            CreatedTime = stamp,
            CreatedAt = stamp,
            UpdatedAt = stamp,
        };
    }

    private static SendResult Interpret(HttpStatusCode status, string body)
    {
        if ((int)status is >= 200 and < 300)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var doc = root.TryGetProperty("doc", out var d) ? d : root.TryGetProperty("data", out var data) ? data : default;
                if (doc.ValueKind == JsonValueKind.Object && doc.TryGetProperty("id", out var id))
                {
                    return SendResult.Accepted(id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString() ?? "", (int)status, body);
                }
            }
            catch (JsonException)
            {
            }

            return SendResult.Ambiguous("Drivly answered without a message id.", (int)status, body);
        }

        return status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? SendResult.Permanent(FailureReason.ProviderRejected, $"Drivly refused the API key ({(int)status}).", (int)status, body)
            : SendResult.Permanent(FailureReason.ProviderRejected, $"Drivly rejected the message ({(int)status}): {body}", (int)status, body);
    }
}

internal sealed record DrivlyMessageRequest
{
    public required string Status { get; init; }
    public string? Message { get; init; }
    public string? Phone { get; init; }
    public long? Lead { get; init; }
    public long? Template { get; init; }
    public string? Type { get; init; }
    public bool? Generated { get; init; }
    public string? CreatedTime { get; init; }
    public required string CreatedAt { get; init; }
    public required string UpdatedAt { get; init; }
}
