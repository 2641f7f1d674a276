using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.SignalWire;

/// <summary>SignalWire's Twilio-compatible API: form-urlencoded, HTTP Basic with the project id and API token.</summary>
internal sealed class SignalWireProvider(HttpClient http) : IMessageProvider
{
    public const int MaxMedia = 8;

    public ProviderKind Kind => ProviderKind.SignalWire;

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
    /// After an ambiguous send, asks SignalWire whether a message with this text went to this number since
    /// <paramref name="since"/>. Returns its sid, or null when none is found.
    /// </summary>
    public async Task<string?> FindSentAsync(ProviderAccountSettings account, OutboundText message, DateTime since, CancellationToken cancellationToken)
    {
        var query = $"?To={Uri.EscapeDataString(message.To)}&DateSent%3E={since:yyyy-MM-dd}&PageSize=50";
        if (account.FromNumber is { Length: > 0 } from)
        {
            query += $"&From={Uri.EscapeDataString(from)}";
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, MessagesUrl(account) + ".json" + query);
        Authorize(request, account);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!json.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        // The listing filters by day only; a message counts only if it was created after this send began.
        return messages.EnumerateArray()
            .Where(m => m.TryGetProperty("body", out var body) && body.GetString() == message.Body
                && m.TryGetProperty("to", out var to) && to.GetString() == message.To
                && m.TryGetProperty("date_created", out var created) && DateTimeOffset.TryParse(created.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var at)
                && at.UtcDateTime >= since)
            .Select(m => m.GetProperty("sid").GetString())
            .FirstOrDefault();
    }

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
        if (account.StatusCallbackUrl is { } callback)
        {
            // Our id in the callback URL matches a callback that overtakes the recording of the sid.
            form.Add(new("StatusCallback", $"{callback}{(callback.Contains('?') ? '&' : '?')}portalMessageId={message.MessageId}"));
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

        var (outcome, reason) = code is { } known ? ProviderErrorCodes.Classify(known) : (SendOutcome.Permanent, FailureReason.ProviderRejected);
        var detail = $"{code?.ToString() ?? ((int)status).ToString()}: {text}";
        return outcome == SendOutcome.Transient
            ? SendResult.Transient(reason, detail, null, (int)status, body)
            : SendResult.Permanent(reason, detail, (int)status, body);
    }
}
