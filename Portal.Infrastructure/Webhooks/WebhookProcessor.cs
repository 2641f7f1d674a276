using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Webhooks;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;

namespace Portal.Infrastructure.Webhooks;

public enum WebhookResponse
{
    Accepted,
    Duplicate,
    Unauthorized,
    BadRequest,
    NotFound,

    /// <summary>Recorded, but processing failed: the provider should retry, and the retry finishes the work.</summary>
    Failed,
}

/// <summary>
/// Every provider call goes through here: the signature is checked, the call is recorded as a <see cref="WebhookEvent"/>
/// before anything else happens (a replay of the same event id finds that row and changes nothing), and only then is it
/// processed, synchronously, so a 2xx answer means it is stored.
/// </summary>
public sealed class WebhookProcessor(
    IDbContextFactory<PortalDbContext> dbFactory,
    ProviderAccountStore accounts,
    IInboundMessageService inbound,
    IMessageStatusService statuses,
    ConsentService consent,
    PhoneNumberNormalizer phones,
    TimeProvider clock,
    ILogger<WebhookProcessor> logger)
{
    public async Task<WebhookResponse> HandleSignalWireAsync(
        Guid accountId, bool isStatus, string publicUrl, IReadOnlyList<KeyValuePair<string, string>> form, string rawBody,
        string? signature, Guid? portalMessageId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetSettingsAsync(accountId, cancellationToken);
        if (account is null || account.Kind != ProviderKind.SignalWire)
        {
            return WebhookResponse.NotFound;
        }

        var verdict = string.IsNullOrEmpty(signature) ? SignatureVerdict.Missing
            : TwilioSignature.IsValid(account.SigningKey ?? "", publicUrl, form, signature) ? SignatureVerdict.Valid : SignatureVerdict.Invalid;
        var headers = new Dictionary<string, string> { ["X-SignalWire-Signature"] = signature ?? "" };
        var values = form.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value);
        var sid = values.GetValueOrDefault("MessageSid") ?? values.GetValueOrDefault("SmsSid");
        var status = values.GetValueOrDefault("MessageStatus") ?? values.GetValueOrDefault("SmsStatus");
        var eventType = isStatus ? $"status.{status}" : "message.received";
        if (verdict != SignatureVerdict.Valid)
        {
            return await RejectAsync(ProviderKind.SignalWire, accountId, eventType, rawBody, headers, verdict, cancellationToken);
        }

        if (sid is null || (isStatus && status is null) || (!isStatus && (!values.ContainsKey("From") || !values.ContainsKey("To"))))
        {
            return await RejectAsync(ProviderKind.SignalWire, accountId, eventType, rawBody, headers, verdict, cancellationToken, "Required parameters are missing.", WebhookResponse.BadRequest);
        }

        var eventId = isStatus ? $"{sid}:{status}" : sid;
        return await RecordAndProcessAsync(ProviderKind.SignalWire, accountId, eventId, eventType, rawBody, headers, async () =>
        {
            if (isStatus)
            {
                return await ApplySignalWireStatusAsync(accountId, sid, status!, values.GetValueOrDefault("ErrorCode"), portalMessageId, CancellationToken.None);
            }

            var media = Enumerable.Range(0, int.TryParse(values.GetValueOrDefault("NumMedia"), out var n) ? Math.Min(n, 10) : 0)
                .Select(i => new Attachment(values.GetValueOrDefault($"MediaUrl{i}") ?? "", values.GetValueOrDefault($"MediaContentType{i}")))
                .Where(a => a.Url.Length > 0)
                .ToList();
            return await ReceiveAsync(new InboundText(accountId, sid, values["From"], values["To"], values.GetValueOrDefault("Body") ?? "", media, Now), CancellationToken.None);
        }, cancellationToken);
    }

    public async Task<WebhookResponse> HandleSurgeAsync(Guid accountId, byte[] body, string? webhookId, string? timestamp, string? signature, CancellationToken cancellationToken)
    {
        var account = await accounts.GetSettingsAsync(accountId, cancellationToken);
        if (account is null || account.Kind != ProviderKind.Surge)
        {
            return WebhookResponse.NotFound;
        }

        var raw = System.Text.Encoding.UTF8.GetString(body);
        var headers = new Dictionary<string, string> { ["webhook-id"] = webhookId ?? "", ["webhook-timestamp"] = timestamp ?? "" };
        var verdict = StandardWebhookSignature.Verify(account.SigningKey ?? "", webhookId, timestamp, signature, body, clock.GetUtcNow());
        if (verdict != SignatureVerdict.Valid)
        {
            return await RejectAsync(ProviderKind.Surge, accountId, "unverified", raw, headers, verdict, cancellationToken);
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return await RejectAsync(ProviderKind.Surge, accountId, "malformed", raw, headers, verdict, cancellationToken, "The body is not JSON.", WebhookResponse.BadRequest);
        }

        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is null || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return await RejectAsync(ProviderKind.Surge, accountId, "malformed", raw, headers, verdict, cancellationToken, "No type or data.", WebhookResponse.BadRequest);
        }

        return await RecordAndProcessAsync(ProviderKind.Surge, accountId, webhookId!, type, raw, headers,
            () => ProcessSurgeAsync(accountId, type, data, CancellationToken.None), cancellationToken);
    }

    /// <summary>Runs a recorded event again (the admin's replay); the stores' own idempotency keeps it harmless.</summary>
    public async Task<WebhookOutcome> ReplayAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recorded = await db.WebhookEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken)
            ?? throw new Core.Common.NotFoundException("The webhook event");
        if (recorded.Verdict != SignatureVerdict.Valid || recorded.ProviderAccountId is not { } accountId)
        {
            throw new Core.Common.DomainException("Only events with a valid signature can be replayed.");
        }

        (WebhookOutcome Outcome, string? Error) result;
        if (recorded.Provider == ProviderKind.Surge)
        {
            var root = JsonDocument.Parse(recorded.Payload).RootElement;
            result = await ProcessSurgeAsync(accountId, recorded.EventType, root.GetProperty("data"), cancellationToken);
        }
        else
        {
            var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(recorded.Payload).ToDictionary(p => p.Key, p => p.Value.ToString());
            result = recorded.EventType.StartsWith("status.", StringComparison.Ordinal)
                ? await ApplySignalWireStatusAsync(accountId, form["MessageSid"], form["MessageStatus"], form.GetValueOrDefault("ErrorCode"), null, cancellationToken)
                : await ReceiveAsync(new InboundText(accountId, form["MessageSid"], form["From"], form["To"], form.GetValueOrDefault("Body") ?? "", [], recorded.ReceivedAt), cancellationToken);
        }

        logger.LogInformation("Webhook event {WebhookEventId} replayed: {Outcome}", eventId, result.Outcome);
        return result.Outcome;
    }

    private async Task<(WebhookOutcome, string?)> ProcessSurgeAsync(Guid accountId, string type, JsonElement data, CancellationToken cancellationToken)
    {
        var messageId = data.TryGetProperty("id", out var id) ? id.GetString() : null;
        switch (type)
        {
            case "message.received" when messageId is not null:
                var conversation = data.GetProperty("conversation");
                var from = conversation.GetProperty("contact").GetProperty("phone_number").GetString() ?? "";
                var to = conversation.TryGetProperty("phone_number", out var number) && number.ValueKind == JsonValueKind.Object && number.TryGetProperty("number", out var n) ? n.GetString() ?? "" : "";
                var media = data.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
                    ? attachments.EnumerateArray().Select(a => new Attachment(a.GetProperty("url").GetString() ?? "", a.TryGetProperty("type", out var kind) ? kind.GetString() : null)).ToList()
                    : [];
                var receivedAt = data.TryGetProperty("received_at", out var r) && r.TryGetDateTimeOffset(out var at) ? at.UtcDateTime : Now;
                return await ReceiveAsync(new InboundText(accountId, messageId, from, to, data.TryGetProperty("body", out var body) ? body.GetString() ?? "" : "", media, receivedAt), cancellationToken);
            case "message.sent" when messageId is not null:
                return Applied(await statuses.ApplyProviderStatusAsync(accountId, messageId, MessageStatus.Sent, null, null, cancellationToken));
            case "message.delivered" when messageId is not null:
                return Applied(await statuses.ApplyProviderStatusAsync(accountId, messageId, MessageStatus.Delivered, null, null, cancellationToken));
            case "message.failed" when messageId is not null:
                var failure = data.TryGetProperty("failure_reason", out var f) ? f.GetString() : null;
                var (_, reason) = ProviderErrorCodes.ClassifySurge(failure);
                return Applied(await statuses.ApplyProviderStatusAsync(accountId, messageId, MessageStatus.Failed, reason, failure, cancellationToken));
            case "contact.opted_out" or "contact.opted_in":
                var phone = data.TryGetProperty("phone_number", out var p) ? p.GetString() : null;
                if (phone is null || !phones.TryNormalize(phone, out var e164))
                {
                    return (WebhookOutcome.Ignored, "No phone number in the event.");
                }

                await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                {
                    var optedOut = type == "contact.opted_out";
                    await consent.ChangeAsync(db, e164, optedOut ? ConsentStatus.OptedOut : ConsentStatus.OptedIn,
                        optedOut ? "Surge reported an opt-out" : "Surge reported an opt-in", $"Surge event {type}", cancellationToken);
                }

                return (WebhookOutcome.Processed, null);
            default:
                return (WebhookOutcome.Ignored, $"{type} is not used by the portal.");
        }
    }

    private async Task<(WebhookOutcome, string?)> ApplySignalWireStatusAsync(Guid accountId, string sid, string status, string? errorCode, Guid? portalMessageId, CancellationToken cancellationToken)
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
            return (WebhookOutcome.Ignored, $"Status {status} changes nothing.");
        }

        FailureReason? reason = null;
        string? detail = null;
        if (int.TryParse(errorCode, out var code))
        {
            reason = ProviderErrorCodes.Classify(code).Reason;
            detail = $"{code}: {reason.Value.Describe()}";
        }

        return Applied(await statuses.ApplyProviderStatusAsync(accountId, sid, target.Value, reason, detail, cancellationToken, portalMessageId));
    }

    private async Task<(WebhookOutcome, string?)> ReceiveAsync(InboundText text, CancellationToken cancellationToken)
    {
        var result = await inbound.ReceiveAsync(text, cancellationToken);
        // Also for a message stored by an earlier, unfinished delivery: a keyword is acted on exactly once.
        await consent.ApplyKeywordAsync(result.Message.Id, cancellationToken);
        return result.Created ? (WebhookOutcome.Processed, null) : (WebhookOutcome.Duplicate, "This message is already stored.");
    }

    private static (WebhookOutcome, string?) Applied(bool applied) =>
        applied ? (WebhookOutcome.Processed, null) : (WebhookOutcome.Ignored, "No matching message, or the status would move it backwards.");

    private async Task<WebhookResponse> RecordAndProcessAsync(
        ProviderKind provider, Guid accountId, string eventId, string eventType, string payload, Dictionary<string, string> headers,
        Func<Task<(WebhookOutcome Outcome, string? Error)>> process, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recorded = new WebhookEvent
        {
            Provider = provider, ProviderAccountId = accountId, EventId = eventId, EventType = Clip(eventType, 64), Payload = payload,
            Headers = headers, Verdict = SignatureVerdict.Valid, Outcome = WebhookOutcome.Pending, ReceivedAt = Now,
        };
        db.WebhookEvents.Add(recorded);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var known = await db.WebhookEvents.FirstOrDefaultAsync(e => e.ProviderAccountId == accountId && e.EventId == eventId, cancellationToken);
            if (known is null)
            {
                throw;
            }

            if (known.Outcome is not (WebhookOutcome.Pending or WebhookOutcome.Error))
            {
                logger.LogInformation("Webhook {EventId} from account {ProviderAccountId} is a repeat; nothing changes", eventId, accountId);
                return WebhookResponse.Duplicate;
            }

            // An earlier delivery was recorded but not finished (a crash, an error): this retry finishes it.
            logger.LogInformation("Webhook {EventId} from account {ProviderAccountId} was not finished before; processing it now", eventId, accountId);
            recorded = known;
        }

        try
        {
            // Once recorded, the work is finished even if the provider hangs up: the provider may not retry.
            var (outcome, error) = await process();
            recorded.Outcome = outcome;
            recorded.Error = error is null ? null : Clip(error, 1000);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            recorded.Outcome = WebhookOutcome.Error;
            recorded.Error = Clip(e.Message, 1000);
            logger.LogWarning(e, "Webhook {EventId} from account {ProviderAccountId} could not be processed", eventId, accountId);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return recorded.Outcome == WebhookOutcome.Error ? WebhookResponse.Failed : WebhookResponse.Accepted;
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];

    private async Task<WebhookResponse> RejectAsync(
        ProviderKind provider, Guid accountId, string eventType, string payload, Dictionary<string, string> headers, SignatureVerdict verdict,
        CancellationToken cancellationToken, string? error = null, WebhookResponse response = WebhookResponse.Unauthorized)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookEvents.Add(new WebhookEvent
        {
            Provider = provider, ProviderAccountId = accountId, EventId = $"rejected:{Guid.NewGuid():N}", EventType = Clip(eventType, 64),
            Payload = payload.Length > 20_000 ? payload[..20_000] : payload, Headers = headers, Verdict = verdict,
            Outcome = WebhookOutcome.Rejected, Error = error ?? $"Signature {verdict}", ReceivedAt = Now,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Webhook to account {ProviderAccountId} refused: {Reason}", accountId, error ?? $"signature {verdict}");
        return response;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
