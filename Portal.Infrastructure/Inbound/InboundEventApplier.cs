using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Inbound;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Inbound;

/// <summary>
/// The inbound use case for one provider event, whichever path it came by: the webhook record, the customer, the thread,
/// the message, consent keywords and the HELP reply are all changed in the caller's transaction, in one save.
/// </summary>
public sealed class InboundEventApplier(PhoneNumberNormalizer phones, AfterHoursResponder afterHours, ILogger<InboundEventApplier> logger)
{
    public const string KeywordMarker = "consentKeywordApplied";

    // The lookups every webhook makes, compiled once per applier (a compiled query belongs to one model): the writer is
    // single-threaded, so its per-item cost is the ceiling of ingest.
    private readonly Func<PortalDbContext, Guid, string, Task<WebhookEvent?>> RecordedEvent =
        EF.CompileAsyncQuery((PortalDbContext db, Guid accountId, string eventId) => db.WebhookEvents.FirstOrDefault(e => e.ProviderAccountId == accountId && e.EventId == eventId));

    private readonly Func<PortalDbContext, Guid, string, Task<Guid?>> StoredMessageId =
        EF.CompileAsyncQuery((PortalDbContext db, Guid accountId, string providerMessageId) =>
            db.Messages.Where(m => m.ProviderAccountId == accountId && m.ProviderMessageId == providerMessageId).Select(m => (Guid?)m.Id).FirstOrDefault());

    private readonly Func<PortalDbContext, Guid, Task<AccountRoute?>> AccountRouteOf =
        EF.CompileAsyncQuery((PortalDbContext db, Guid accountId) =>
            db.ProviderAccounts.Where(a => a.Id == accountId).Select(a => new AccountRoute(a.Name, a.DepartmentId)).FirstOrDefault());

    private readonly Func<PortalDbContext, string, Task<Customer?>> CustomerByPhone =
        EF.CompileAsyncQuery((PortalDbContext db, string phone) => db.Customers.Where(c => c.Phone == phone).OrderBy(c => c.CreatedAt).FirstOrDefault());

    /// <summary>The customer's conversation with the department: the open one, else the one closed last.</summary>
    private readonly Func<PortalDbContext, Guid, Guid, Task<ConversationThread?>> ConversationOf =
        EF.CompileAsyncQuery((PortalDbContext db, Guid departmentId, Guid customerId) =>
            db.Threads.Where(t => t.DepartmentId == departmentId && t.CustomerId == customerId)
                .OrderBy(t => t.Status == ThreadStatus.Closed ? 1 : 0).ThenByDescending(t => t.LastActivityAt)
                .FirstOrDefault());

    private sealed record AccountRoute(string Name, Guid? DepartmentId);

    public async Task<IngestResult> ApplyAsync(PortalDbContext db, IngestItem item, AfterCommit after, CancellationToken cancellationToken)
    {
        WebhookEvent? record = null;
        if (item.Webhook is { } webhook)
        {
            record = item.ReplayOf is { } replayed
                ? await db.WebhookEvents.FirstOrDefaultAsync(e => e.Id == replayed, cancellationToken)
                : await RecordedEvent(db, item.AccountId, webhook.EventId);
            if (record is not null && item.ReplayOf is null && record.Outcome is not (WebhookOutcome.Pending or WebhookOutcome.Error or WebhookOutcome.NeedsAttention))
            {
                return new IngestResult(WebhookOutcome.Duplicate, "This event was already received.");
            }

            if (record is null)
            {
                record = new WebhookEvent
                {
                    Provider = webhook.Provider, ProviderAccountId = item.AccountId, EventId = webhook.EventId, EventType = webhook.EventType,
                    Payload = webhook.Payload, Headers = webhook.Headers, RequestPath = webhook.RequestPath, Verdict = SignatureVerdict.Valid,
                    Outcome = WebhookOutcome.Pending, ReceivedAt = item.ReceivedAtUtc,
                };
                db.WebhookEvents.Add(record);
            }
        }

        var result = item.Event switch
        {
            InboundTextEvent text => await ReceiveAsync(db, item, text, after, cancellationToken),
            DeliveryReportEvent report => await ApplyReportAsync(db, item, report, after, cancellationToken),
            ConsentReportEvent consent => await ApplyConsentAsync(db, item, consent, after, cancellationToken),
            UnusedEvent unused => new IngestResult(WebhookOutcome.Ignored, unused.Why),
            _ => new IngestResult(WebhookOutcome.Ignored, $"{item.Event.GetType().Name} is not handled."),
        };

        // A replay that finds the work already done leaves the record as it was.
        if (record is not null && !(item.ReplayOf is not null && result.Outcome == WebhookOutcome.Duplicate))
        {
            record.Outcome = result.Outcome;
            record.Error = Clip(result.Detail, 1000);
        }

        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>Records an event whose processing failed for a reason of its own, so a person sees it and can replay it.</summary>
    public async Task RecordFailureAsync(PortalDbContext db, IngestItem item, Exception failure, CancellationToken cancellationToken)
    {
        if (item.Webhook is not { } webhook)
        {
            return;
        }

        var record = await db.WebhookEvents.FirstOrDefaultAsync(e => e.ProviderAccountId == item.AccountId && e.EventId == webhook.EventId, cancellationToken);
        if (record is null)
        {
            record = new WebhookEvent
            {
                Provider = webhook.Provider, ProviderAccountId = item.AccountId, EventId = webhook.EventId, EventType = webhook.EventType,
                Payload = webhook.Payload, Headers = webhook.Headers, RequestPath = webhook.RequestPath, Verdict = SignatureVerdict.Valid,
                ReceivedAt = item.ReceivedAtUtc,
            };
            db.WebhookEvents.Add(record);
        }

        record.Outcome = WebhookOutcome.NeedsAttention;
        record.Error = Clip($"Could not be applied: {failure.Message}", 1000);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<IngestResult> ReceiveAsync(PortalDbContext db, IngestItem item, InboundTextEvent text, AfterCommit after, CancellationToken cancellationToken)
    {
        if (await StoredMessageId(db, item.AccountId, text.ProviderMessageId) is { } storedId)
        {
            return new IngestResult(WebhookOutcome.Duplicate, "This message is already stored.", storedId);
        }

        var account = await AccountRouteOf(db, item.AccountId);
        if (account?.DepartmentId is not { } departmentId)
        {
            return new IngestResult(WebhookOutcome.NeedsAttention,
                $"Provider account {account?.Name ?? item.AccountId.ToString()} is not attached to a department, so this text has no inbox. Attach it, then replay this event.");
        }

        if (SenderAddress.Parse(text.From, phones) is not { } sender)
        {
            return new IngestResult(WebhookOutcome.NeedsAttention, "The provider reported no sender for this text.");
        }

        var customer = await CustomerByPhone(db, sender.Value);
        var newCustomer = customer is null;
        if (customer is null)
        {
            customer = new Customer { Phone = sender.Value, IsUnknownContact = true };
            db.Customers.Add(customer);
        }

        // One continuous conversation per customer and department: a text to a closed one reopens it, history and assignee kept.
        var occurredAt = ProviderClock.Clamp(text.ReportedAtUtc, item.ReceivedAtUtc);
        var thread = newCustomer ? null
            : await ConversationOf(db, departmentId, customer.Id);
        var newThread = thread is null;
        var woken = false;
        if (thread is null)
        {
            thread = new ConversationThread { DepartmentId = departmentId, CustomerId = customer.Id, LastActivityAt = item.ReceivedAtUtc, AwaitsAssignment = true };
            db.Threads.Add(thread);
            after.Assignments.Add(thread.Id);
        }
        else if (thread.Status == ThreadStatus.Closed)
        {
            thread.Status = ThreadStatus.Open;
            thread.ClosedAt = null;
            thread.FirstAnsweredAt = null;
            woken = true;
            // Kept by its assignee if they are still here and available; otherwise given to whoever is next.
            thread.AwaitsAssignment = true;
            after.Assignments.Add(thread.Id);
            var reopened = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent,
                $"{customer.DisplayName} wrote again; the conversation is open again", MessageStatus.Received, occurredAt.AddTicks(-1));
            reopened.AuthorType = AuthorType.System;
            db.Messages.Add(reopened);
            after.Events.Add(ConversationEvents.MessageAdded(reopened, thread, customer));
        }
        else if (thread.Status == ThreadStatus.Snoozed)
        {
            woken = true;
            thread.Status = ThreadStatus.Open;
            thread.SnoozedUntil = null;
        }

        var message = Message.Create(thread.Id, MessageDirection.Inbound, MessageKind.Text, text.Body, MessageStatus.Received, occurredAt);
        message.AuthorType = AuthorType.Customer;
        message.ProviderAccountId = item.AccountId;
        message.ProviderMessageId = text.ProviderMessageId;
        message.Attachments = [.. text.Media];
        db.Messages.Add(message);
        thread.Touch(message);
        thread.LastInboundProviderAccountId = item.AccountId;
        after.Events.Add(ConversationEvents.MessageAdded(message, thread, customer));
        if (woken)
        {
            after.Events.Add(ConversationEvents.ThreadUpdated(thread, customer));
        }

        if (ConsentKeywords.Classify(message.Body) == ConsentKeyword.None)
        {
            thread.AwaitReply(message.OccurredAt);
            await afterHours.StageAsync(db, item, message, thread, customer, departmentId, after, cancellationToken);
        }
        else
        {
            await ApplyKeywordAsync(db, item, message, thread, customer, departmentId, newCustomer ? customer : null, newThread ? thread : null, after, cancellationToken);
        }

        return new IngestResult(WebhookOutcome.Processed, null, message.Id);
    }

    /// <summary>STOP, START and HELP, acted on exactly once because the marker is saved with the message itself.</summary>
    private async Task ApplyKeywordAsync(
        PortalDbContext db, IngestItem item, Message message, ConversationThread thread, Customer customer, Guid departmentId,
        Customer? unsavedCustomer, ConversationThread? unsavedThread, AfterCommit after, CancellationToken cancellationToken)
    {
        var keyword = ConsentKeywords.Classify(message.Body);
        if (keyword == ConsentKeyword.None || customer.Phone is null)
        {
            return;
        }

        message.Metadata = new Dictionary<string, string>(message.Metadata) { [KeywordMarker] = keyword.ToString() };
        var word = message.Body.Trim().ToUpperInvariant();
        switch (keyword)
        {
            case ConsentKeyword.OptOut or ConsentKeyword.OptIn:
                var entry = new ConsentEntry
                {
                    Number = customer.Phone,
                    Status = keyword == ConsentKeyword.OptOut ? ConsentStatus.OptedOut : ConsentStatus.OptedIn,
                    ActedAt = message.OccurredAt,
                    RecordedAt = item.ReceivedAtUtc,
                    Source = ConsentSource.Keyword,
                    MessageId = message.Id,
                    Detail = $"Texted “{word}”",
                };
                await NumberConsent.RecordAsync(db, entry, $"replied {word}", after, cancellationToken, unsavedCustomer, unsavedThread);
                break;
            case ConsentKeyword.Help when customer.Consent != ConsentStatus.OptedOut && !await OptedOutNumbers.IncludesAsync(db, customer.Phone, cancellationToken):
                var department = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => new { d.Name, d.HelpText }).FirstAsync(cancellationToken);
                var reply = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text,
                    department.HelpText ?? $"{department.Name}: reply STOP to opt out of texts.", MessageStatus.Draft, item.ReceivedAtUtc);
                reply.AuthorType = AuthorType.System;
                reply.AuthorName = "Automatic reply";
                reply.ProviderAccountId = item.AccountId;
                reply.IdempotencyKey = $"help-reply:{message.Id}";
                reply.MoveTo(MessageStatus.Queued, item.ReceivedAtUtc);
                db.Messages.Add(reply);
                after.Sends.Add(reply.Id);
                after.Events.Add(ConversationEvents.MessageAdded(reply, thread, customer));
                break;
        }

        logger.LogInformation("Keyword {Keyword} in message {MessageId} of thread {ThreadId}", keyword, message.Id, thread.Id);
    }

    private async Task<IngestResult> ApplyReportAsync(PortalDbContext db, IngestItem item, DeliveryReportEvent report, AfterCommit after, CancellationToken cancellationToken)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.ProviderAccountId == item.AccountId && m.ProviderMessageId == report.ProviderMessageId, cancellationToken);
        if (message is null && report.PortalMessageId is { } ours)
        {
            // Our own id, echoed by the provider: the exact key for a send whose answer we never recorded.
            message = await db.Messages.FirstOrDefaultAsync(m => m.Id == ours && m.ProviderAccountId == item.AccountId && m.ProviderMessageId == null, cancellationToken);
            message?.ProviderMessageId = report.ProviderMessageId;
        }

        if (message is null)
        {
            return new IngestResult(WebhookOutcome.Ignored, "No message of ours has this provider id.");
        }

        var now = item.ReceivedAtUtc;
        if (!message.TryMoveTo(report.Status, now) && !message.TryResolveUncertainSend(report.Status, now))
        {
            return new IngestResult(WebhookOutcome.Ignored, $"The message is already {message.Status}; {report.Status} would not move it forward.", message.Id);
        }

        if (report.Status is MessageStatus.Failed or MessageStatus.Undelivered)
        {
            message.FailureReason = report.Reason ?? FailureReason.CarrierError;
            message.FailureDetail = report.Detail;
        }

        var thread = await db.Threads.AsNoTracking().Include(t => t.Customer).FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
        after.Events.Add(ConversationEvents.StatusChanged(message, thread, thread.Customer!));
        return new IngestResult(WebhookOutcome.Processed, null, message.Id);
    }

    private async Task<IngestResult> ApplyConsentAsync(PortalDbContext db, IngestItem item, ConsentReportEvent consent, AfterCommit after, CancellationToken cancellationToken)
    {
        if (SenderAddress.Parse(consent.Phone, phones) is not { } number)
        {
            return new IngestResult(WebhookOutcome.Ignored, "No phone number in the event.");
        }

        var source = item.Webhook is { } webhook ? $"{webhook.Provider} event {webhook.EventType}" : consent.Description;
        var entry = new ConsentEntry
        {
            Number = number.Value,
            Status = consent.OptedOut ? ConsentStatus.OptedOut : ConsentStatus.OptedIn,
            ActedAt = item.ReceivedAtUtc,
            RecordedAt = item.ReceivedAtUtc,
            Source = ConsentSource.ProviderReport,
            Detail = source,
        };
        await NumberConsent.RecordAsync(db, entry, consent.Description, after, cancellationToken);
        return new IngestResult(WebhookOutcome.Processed);
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
