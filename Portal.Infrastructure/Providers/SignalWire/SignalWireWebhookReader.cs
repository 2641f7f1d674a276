using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Inbound;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.ProviderWebhooks;

namespace Portal.Infrastructure.Providers.SignalWire;

/// <summary>
/// SignalWire's form posts: inbound messages on <c>messages</c>, status callbacks on <c>status</c>. The signature covers
/// the public URL and every posted parameter, repeats included; new parameters may appear at any time.
/// </summary>
internal sealed class SignalWireWebhookReader : IWebhookReader
{
    public const int MaxMedia = 10;

    public ProviderKind Kind => SignalWireModule.Kind;

    public SignatureVerdict Verify(ProviderAccountSettings account, WebhookRequest request, DateTimeOffset now)
    {
        var signature = request.Header("X-SignalWire-Signature") ?? request.Header("X-Twilio-Signature");
        if (string.IsNullOrEmpty(signature))
        {
            return SignatureVerdict.Missing;
        }

        return TwilioSignature.IsValid(account.SigningKey ?? "", request.PublicUrl, Form(request), signature) ? SignatureVerdict.Valid : SignatureVerdict.Invalid;
    }

    public WebhookReading Read(WebhookRequest request, DateTime receivedAtUtc)
    {
        var isStatus = request.Route == "status";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Form(request))
        {
            values.TryAdd(name, value);
        }

        var sid = values.GetValueOrDefault("MessageSid") ?? values.GetValueOrDefault("SmsSid");
        if (isStatus)
        {
            var status = values.GetValueOrDefault("MessageStatus") ?? values.GetValueOrDefault("SmsStatus");
            var type = $"status.{Clip(status ?? "", 40)}";
            if (string.IsNullOrEmpty(sid) || string.IsNullOrEmpty(status))
            {
                return WebhookReading.Bad(type, "MessageSid and MessageStatus are required.");
            }

            Guid? ours = request.Query.TryGetValue("portalMessageId", out var id) && Guid.TryParse(id, out var parsed) ? parsed : null;
            return WebhookReading.Of($"{sid}:{status}", type, ReadStatus(sid, status, values.GetValueOrDefault("ErrorCode"), ours));
        }

        if (string.IsNullOrEmpty(sid) || !values.TryGetValue("From", out var from) || !values.ContainsKey("To"))
        {
            return WebhookReading.Bad("message.received", "MessageSid, From and To are required.");
        }

        // NumMedia is the provider's word for how many MediaUrlN follow; a negative or huge one is read as what is there.
        var count = int.TryParse(values.GetValueOrDefault("NumMedia"), out var n) ? Math.Clamp(n, 0, MaxMedia) : 0;
        var media = Enumerable.Range(0, count)
            .Select(i => new Attachment(values.GetValueOrDefault($"MediaUrl{i}") ?? "", values.GetValueOrDefault($"MediaContentType{i}")))
            .Where(a => Uri.TryCreate(a.Url, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
            .ToList();
        return WebhookReading.Of(sid, "message.received",
            new InboundTextEvent(sid, from, values["To"], values.GetValueOrDefault("Body") ?? "", media, null));
    }

    private static ProviderEvent ReadStatus(string sid, string status, string? errorCode, Guid? ours)
    {
        MessageStatus? target = status switch
        {
            "sent" => MessageStatus.Sent,
            "delivered" or "read" => MessageStatus.Delivered,
            "undelivered" => MessageStatus.Undelivered,
            "failed" => MessageStatus.Failed,
            _ => null,
        };
        if (target is null)
        {
            return new UnusedEvent($"Status {status} changes nothing.");
        }

        FailureReason? reason = null;
        string? detail = null;
        if (int.TryParse(errorCode, out var code))
        {
            reason = SignalWireErrorCodes.Classify(code).Reason;
            detail = $"{code}: {reason.Value.Describe()}";
        }

        return new DeliveryReportEvent(sid, target.Value, reason, detail, ours);
    }

    /// <summary>Every value of every parameter, in order: the signature covers them all.</summary>
    private static List<KeyValuePair<string, string>> Form(WebhookRequest request) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))
            .ToList();

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
