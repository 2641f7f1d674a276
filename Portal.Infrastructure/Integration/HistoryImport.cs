using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Common;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Integration;

internal sealed class HistoryImport(
    IDbContextFactory<PortalDbContext> dbFactory,
    IConversationNotifier notifier,
    TimeProvider clock,
    ILogger<HistoryImport> logger) : IHistoryImport
{
    public const int MaxItems = 500;
    private const int MaxSourceUuid = 150;

    public async Task<HistoryImportResult> ImportAsync(DepartmentScope scope, Guid departmentId, Guid customerId, IReadOnlyList<HistoryItem> items, CancellationToken cancellationToken = default)
    {
        if (!scope.Allows(departmentId))
        {
            throw new AccessDeniedException();
        }

        if (items.Count > MaxItems)
        {
            throw new ValidationException("saveMessageRequestList", $"At most {MaxItems} items in one request.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken) ?? throw new NotFoundException("The customer");
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            throw new NotFoundException("The department");
        }

        var keys = items.Select(i => Key(i.SourceUuid)).OfType<string>().Distinct().ToList();
        var existing = await db.Messages.AsNoTracking().Where(m => m.IdempotencyKey != null && keys.Contains(m.IdempotencyKey))
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { m.Id, m.IdempotencyKey, t.CustomerId, t.DepartmentId })
            .ToDictionaryAsync(x => x.IdempotencyKey!, cancellationToken);

        var thread = await db.Threads.Where(t => t.DepartmentId == departmentId && t.CustomerId == customerId)
            .OrderBy(t => t.Status == ThreadStatus.Closed ? 1 : 0).ThenByDescending(t => t.LastActivityAt)
            .FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (thread is null)
        {
            // History alone does not open a conversation in the inbox: it waits closed, and a reply opens it.
            thread = new ConversationThread { DepartmentId = departmentId, CustomerId = customerId, Status = ThreadStatus.Closed, ClosedAt = now, LastActivityAt = now };
            db.Threads.Add(thread);
        }

        var results = new List<HistoryItemResult>();
        var added = new List<(HistoryItem Item, Message Message)>();
        var seen = new HashSet<string>();
        foreach (var item in items)
        {
            var errors = Check(item, now).ToList();
            var key = Key(item.SourceUuid);
            if (errors.Count == 0 && key is not null && !seen.Add(key))
            {
                errors.Add(new("DUPLICATE_IN_REQUEST", "This sourceUuid appears earlier in the same request."));
            }

            if (errors.Count == 0 && key is not null && existing.TryGetValue(key, out var before))
            {
                results.Add(before.CustomerId == customerId && before.DepartmentId == departmentId
                    ? new HistoryItemResult(item.SourceUuid, before.Id, [], [new("ALREADY_IMPORTED", "This sourceUuid was imported before; nothing changed.")])
                    : new HistoryItemResult(item.SourceUuid, null, [new("SOURCE_UUID_USED_ELSEWHERE", "This sourceUuid was imported for another customer or department.")], []));
                continue;
            }

            if (errors.Count > 0)
            {
                results.Add(new HistoryItemResult(item.SourceUuid, null, errors, []));
                continue;
            }

            var message = ToMessage(item, thread.Id, key!);
            db.Messages.Add(message);
            if (item.UpdateThreadTimestamp)
            {
                thread.Touch(message);
            }

            added.Add((item, message));
            results.Add(new HistoryItemResult(item.SourceUuid, message.Id, [], []));
        }

        if (added.Count > 0 || db.Entry(thread).State == EntityState.Added)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("History import for customer {CustomerId} in {DepartmentId}: {Added} added, {Failed} refused",
            customerId, departmentId, added.Count, results.Count(r => r.Errors.Count > 0));
        if (added.Count > 0)
        {
            thread.Customer = customer;
            await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, customer), CancellationToken.None);
        }

        return new HistoryImportResult(results);
    }

    private static string? Key(string? sourceUuid) => string.IsNullOrWhiteSpace(sourceUuid) || sourceUuid.Length > MaxSourceUuid ? null : $"history:{sourceUuid.Trim()}";

    private static IEnumerable<HistoryProblem> Check(HistoryItem item, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(item.SourceUuid))
        {
            yield return new("MISSING_SOURCE_UUID", "Every item needs a sourceUuid, which makes a repeat harmless.");
        }
        else if (item.SourceUuid.Length > MaxSourceUuid)
        {
            yield return new("SOURCE_UUID_TOO_LONG", $"A sourceUuid can be at most {MaxSourceUuid} characters.");
        }

        if (item.Type is not ("OUTGOING" or "INCOMING" or "NOTE"))
        {
            yield return new("UNSUPPORTED_TYPE", $"type '{item.Type}' cannot be imported; use OUTGOING, INCOMING or NOTE.");
        }

        if (item.Protocol is not (null or "TEXT" or "EMAIL" or "VOICE_CALL" or "NONE"))
        {
            yield return new("UNSUPPORTED_PROTOCOL", $"protocol '{item.Protocol}' is not one of TEXT, EMAIL, VOICE_CALL, NONE.");
        }

        var length = (item.Body ?? "").Length + (item.Subject ?? "").Length;
        if (length == 0 && item.AttachmentUrls.Count == 0 && item.Protocol != "VOICE_CALL")
        {
            yield return new("EMPTY_MESSAGE", "The item has no body, subject or attachment.");
        }
        else if (length > MessageBodyLimits.MaxNoteLength)
        {
            yield return new("BODY_TOO_LONG", $"A body can be at most {MessageBodyLimits.MaxNoteLength} characters.");
        }

        if ((item.Type == "INCOMING" ? item.ReceivedOn ?? item.SentOn : item.SentOn ?? item.ReceivedOn) is not { } at)
        {
            yield return new("MISSING_DATE", "Give sentOn (OUTGOING, NOTE) or receivedOn (INCOMING).");
        }
        else if (at > now.AddMinutes(5))
        {
            yield return new("DATE_IN_FUTURE", "History cannot be dated in the future.");
        }

        if (item.AttachmentUrls.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || u.Length > 2048))
        {
            yield return new("INVALID_ATTACHMENT_URL", "Attachments need absolute http or https addresses.");
        }
    }

    private static Message ToMessage(HistoryItem item, Guid threadId, string key)
    {
        var at = DateTime.SpecifyKind((item.Type == "INCOMING" ? item.ReceivedOn ?? item.SentOn : item.SentOn ?? item.ReceivedOn)!.Value, DateTimeKind.Utc);
        var kind = item.Type == "NOTE" ? MessageKind.Note
            : item.Protocol switch { "EMAIL" => MessageKind.Email, "VOICE_CALL" => MessageKind.VoiceCall, _ => MessageKind.Text };
        var (direction, status) = item.Type switch
        {
            "INCOMING" => (MessageDirection.Inbound, MessageStatus.Received),
            "NOTE" => (MessageDirection.Internal, MessageStatus.Received),
            _ => (MessageDirection.Outbound, MessageStatus.Sent),
        };
        var body = string.IsNullOrWhiteSpace(item.Subject) ? item.Body ?? "" : $"{item.Subject}\n\n{item.Body}".Trim();
        var message = Message.Create(threadId, direction, kind, body, status, at);
        message.AuthorType = item.Type == "INCOMING" ? AuthorType.Customer : AuthorType.Api;
        message.AuthorName = item.Type == "INCOMING" ? null : "Imported from the DMS";
        message.IdempotencyKey = key;
        message.Attachments = [.. item.AttachmentUrls.Select(u => new Attachment(u))];
        message.Metadata["source"] = "history-import";
        return message;
    }
}
