using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.SignalWire;

/// <summary>SignalWire's Twilio-compatible API: form-urlencoded, HTTP Basic with the project id and API token.</summary>
internal sealed class SignalWireProvider(HttpClient http) : IMessageProvider, ISendLookup
{
    public const int MaxMedia = 8;

    public ProviderKind Kind => SignalWireModule.Kind;

    public Task<SendResult> SendAsync(ProviderAccountSettings account, OutboundText message, CancellationToken cancellationToken)
    {
        if (message.Attachments.Count > MaxMedia)
        {
            return Task.FromResult(SendResult.Permanent(FailureReason.ProviderRejected, $"SignalWire accepts at most {MaxMedia} attachments."));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, MessagesUrl(account))
        {
            Content = new FormUrlEncodedContent(BuildForm(account, message)),
        };
        Authorize(request, account);
        return ProviderHttp.SendAsync(http, request, Interpret, cancellationToken);
    }

    /// <summary>
    /// Asks SignalWire for the messages to this number since the attempt began. The listing carries no id of ours, so a
    /// match counts only when it is exact: one message with this text and media count, from our number, created after the
    /// attempt began, not already on record, and no other send of ours in flight that it could equally be.
    /// </summary>
    public async Task<SendLookupResult> FindAsync(ProviderAccountSettings account, UncertainSend send, CancellationToken cancellationToken)
    {
        var message = send.Message;
        var since = send.AttemptStartedAtUtc.AddSeconds(-1);
        var query = $"?To={Uri.EscapeDataString(message.To)}&DateSent%3E={since:yyyy-MM-dd}&PageSize=100";
        if (account.FromNumber is { Length: > 0 } from && account.Extra("MessagingServiceSid") is null)
        {
            query += $"&From={Uri.EscapeDataString(from)}";
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, MessagesUrl(account) + ".json" + query);
            Authorize(request, account);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return SendLookupResult.Unknown($"SignalWire answered {(int)response.StatusCode} to the look-up.");
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!json.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return SendLookupResult.Unknown("SignalWire's listing had no messages array.");
            }

            var candidates = messages.EnumerateArray()
                .Where(m => Text(m, "to") == message.To
                    && (Text(m, "body") ?? "") == message.Body
                    && (m.TryGetProperty("num_media", out var media) && media.TryGetInt32(out var count) ? count : int.TryParse(Text(m, "num_media"), out var parsed) ? parsed : 0) == message.Attachments.Count
                    && DateTimeOffset.TryParse(Text(m, "date_created"), System.Globalization.CultureInfo.InvariantCulture, out var at)
                    && at.UtcDateTime >= since
                    && Text(m, "sid") is { } sid && !send.ProviderIdsOnRecord.Contains(sid))
                .Select(m => Text(m, "sid")!)
                .Distinct()
                .ToList();
            return candidates.Count switch
            {
                0 => SendLookupResult.NotFound("SignalWire has no such message."),
                1 when send.SimilarSendsInFlight == 0 => SendLookupResult.Found(candidates[0]),
                _ => SendLookupResult.Unknown($"{candidates.Count} messages at SignalWire could be this one."),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            return SendLookupResult.Unknown($"SignalWire could not be asked: {e.Message}");
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static List<KeyValuePair<string, string>> BuildForm(ProviderAccountSettings account, OutboundText message)
    {
        var form = new List<KeyValuePair<string, string>> { new("To", message.To) };
        if (account.Extra("MessagingServiceSid") is { } serviceSid)
        {
            form.Add(new("MessagingServiceSid", serviceSid));
        }
        else
        {
            form.Add(new("From", account.FromNumber ?? ""));
        }

        if (!string.IsNullOrEmpty(message.Body))
        {
            form.Add(new("Body", message.Body));
        }

        form.AddRange(message.Attachments.Select(a => new KeyValuePair<string, string>("MediaUrl", a.Url)));
        if (account.WebhookBaseUrl is { } webhooks)
        {
            var callback = $"{webhooks}/status";
            // Our id in the callback URL matches a callback that overtakes the recording of the sid.
            form.Add(new("StatusCallback", $"{callback}?portalMessageId={message.MessageId}"));
        }

        return form;
    }

    private static string MessagesUrl(ProviderAccountSettings account) =>
        $"{(account.BaseUrl ?? "").TrimEnd('/')}/api/laml/2010-04-01/Accounts/{Uri.EscapeDataString(account.AccountId ?? "")}/Messages";

    private static void Authorize(HttpRequestMessage request, ProviderAccountSettings account)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.AccountId}:{account.ApiToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    private static SendResult Interpret(HttpStatusCode status, string body)
    {
        JsonElement root = default;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
        }

        if ((int)status is >= 200 and < 300)
        {
            var sid = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("sid", out var s) ? s.GetString() : null;
            return sid is null
                ? SendResult.Ambiguous("SignalWire accepted the message but returned no sid.", (int)status, body)
                : SendResult.Accepted(sid, (int)status, body);
        }

        var code = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
        var text = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) ? m.GetString() : body;
        if (status == HttpStatusCode.Unauthorized)
        {
            return SendResult.Permanent(FailureReason.ProviderRejected, $"SignalWire refused the credentials: {text}", 401, body);
        }

        var (outcome, reason) = code is { } known ? SignalWireErrorCodes.Classify(known) : (SendOutcome.Permanent, FailureReason.ProviderRejected);
        var detail = $"{code?.ToString() ?? ((int)status).ToString()}: {text}";
        return outcome == SendOutcome.Transient
            ? SendResult.Transient(reason, detail, null, (int)status, body)
            : SendResult.Permanent(reason, detail, (int)status, body);
    }
}
