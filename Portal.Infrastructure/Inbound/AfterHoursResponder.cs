using Microsoft.EntityFrameworkCore;
using Portal.Core.AfterHours;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Inbound;

/// <summary>
/// Answers a customer who texts while the department is closed, in the transaction that stores their text: the reply is
/// keyed by conversation and closed period, so a retried webhook, a second text that night or a second instance never
/// sends it twice. It goes out at once, like the HELP reply: it answers the customer, it is not an outreach.
/// </summary>
public sealed class AfterHoursResponder(ITemplateService templates)
{
    public async Task StageAsync(PortalDbContext db, IngestItem item, Message text, ConversationThread thread, Customer customer, Guid departmentId, AfterCommit after, CancellationToken cancellationToken)
    {
        var department = await db.Departments.AsNoTracking().FirstAsync(d => d.Id == departmentId, cancellationToken);
        var now = item.ReceivedAtUtc;
        if (string.IsNullOrWhiteSpace(department.AfterHoursReply)
            || AfterHoursReply.ClosedUntil(now, department.SendingHours, department.TimeZone) is not { } opening
            || customer.IsOptedOut || customer.Phone is null)
        {
            return;
        }

        var key = AfterHoursReply.Key(thread.Id, opening);
        var since = now - AfterHoursReply.StaffReplyGrace;
        if (await db.Messages.AnyAsync(m => m.ThreadId == thread.Id
                && (m.IdempotencyKey == key || (m.Direction == MessageDirection.Outbound && m.AuthorType == AuthorType.User && m.CreatedAt >= since)), cancellationToken)
            || await OptedOutNumbers.IncludesAsync(db, customer.Phone, cancellationToken))
        {
            return;
        }

        var body = templates.Render(department.AfterHoursReply, MergeContext.For(customer, null, department.Name) with
        {
            OpensAt = AfterHoursReply.DescribeOpening(now, opening, department.TimeZone),
        }).Trim();
        if (body.Length == 0)
        {
            return;
        }

        var reply = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, body, MessageStatus.Draft, now > text.OccurredAt ? now : text.OccurredAt.AddTicks(1));
        reply.AuthorType = AuthorType.System;
        reply.AuthorName = AfterHoursReply.AuthorName;
        reply.ProviderAccountId = item.AccountId;
        reply.IdempotencyKey = key;
        reply.MoveTo(MessageStatus.Queued, now);
        db.Messages.Add(reply);
        thread.Touch(reply);
        after.Sends.Add(reply.Id);
        after.Events.Add(ConversationEvents.MessageAdded(reply, thread, customer));
    }
}
