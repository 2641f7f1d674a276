using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;

namespace Portal.Infrastructure.Sending;

internal sealed class OutboundMessageService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ProviderAccountStore accounts,
    IJobScheduler jobs,
    IConversationNotifier notifier,
    TimeProvider clock,
    ILogger<OutboundMessageService> logger) : IOutboundMessageService
{

    public async Task<Message> QueueAsync(DepartmentScope scope, Guid threadId, ComposeRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        var body = (request.Body ?? "").Trim();
        var attachments = request.Attachments ?? [];
        if (body.Length == 0 && attachments.Count == 0)
        {
            throw new ValidationException("Body", "Write a message or attach a file.");
        }

        if (body.Length > MessageBodyLimits.MaxTextLength)
        {
            throw new ValidationException("Body", $"A text can be at most {MessageBodyLimits.MaxTextLength} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await db.Threads.Include(t => t.Customer).Include(t => t.Department)
            .FirstOrDefaultAsync(t => t.Id == threadId, cancellationToken) ?? throw new NotFoundException("The conversation");
        if (!scope.Allows(thread.DepartmentId))
        {
            throw new AccessDeniedException();
        }

        if (await FindRepeatAsync(db, threadId, request.IdempotencyKey, cancellationToken) is { } repeat)
        {
            return repeat;
        }

        if (thread.Department!.AssigneeOnlyReplies && request.AuthorType == AuthorType.User && thread.AssigneeId is { } assignee && assignee != actor.UserId)
        {
            var name = await db.Users.Where(u => u.Id == assignee).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
            throw new AssigneeOnlyException(name ?? "its assignee");
        }

        var customer = thread.Customer!;
        if (customer.IsOptedOut)
        {
            throw new CustomerOptedOutException(customer.DisplayName);
        }

        if (SenderAddress.WhyUntextable(customer.Phone) is { } untextable)
        {
            throw new ValidationException("Body", untextable);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sendAt = request.SendAtUtc is { } requested ? DateTime.SpecifyKind(requested, DateTimeKind.Utc) : (DateTime?)null;
        if (sendAt is { } at && at <= now.AddSeconds(1))
        {
            if (at < now.AddMinutes(-1))
            {
                throw new ValidationException("SendAt", "That time has passed. Pick a time in the future or send now.");
            }

            sendAt = null;
        }

        if (sendAt > now + SendingLimits.MaxScheduleAhead)
        {
            throw new ValidationException("SendAt", $"Messages can be scheduled at most {SendingLimits.MaxDaysAhead} days ahead.");
        }

        var department = thread.Department!;
        var effective = sendAt ?? now;
        var window = RecipientWindow.For(department, customer);
        if (request.IsReply)
        {
            // A reply to the customer's own text of a moment ago goes now, whatever the hour; anything else is not a reply.
            if (sendAt is not null || thread.LastInboundAt is not { } lastText || lastText < now - SendingLimits.ReplyGrace)
            {
                throw new ValidationException(nameof(ComposeRequest.IsReply), SendingLimits.NotAReply);
            }
        }
        else if (request.Automated)
        {
            var opening = window.NextOpening(effective);
            sendAt = opening > now ? opening : sendAt;
        }
        else if (!request.ConfirmOutsideSendingHours && !window.IsOpen(effective))
        {
            var opening = window.NextOpening(effective);
            throw new OutsideSendingHoursException(
                window.Explain(effective, RecipientWindow.NameOf(customer), department.TimeZone, isNow: sendAt is null), opening, window.LocalTime(opening));
        }

        var (text, carriesOptOutLine) = await WithOptOutLineAsync(db, body, request.TemplateId, customer.Id, department, now, cancellationToken);
        var account = await accounts.RouteAsync(db, thread.DepartmentId, thread.LastInboundProviderAccountId, cancellationToken)
            ?? throw new ValidationException("Body", "No provider is set up for this department. Ask an administrator to add one.");

        var message = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, text, MessageStatus.Draft, now);
        message.CarriesOptOutLine = carriesOptOutLine;
        message.AuthorType = request.AuthorType;
        message.AuthorUserId = actor.UserId == Guid.Empty ? null : actor.UserId;
        message.AuthorName = actor.Name;
        message.Attachments = [.. attachments];
        message.TemplateId = request.TemplateId;
        message.ProviderAccountId = account.Id;
        message.IdempotencyKey = request.IdempotencyKey;
        message.IsAutomated = request.Automated;
        message.TraceParent = Telemetry.PortalTelemetry.CurrentTraceParent();
        message.SendAt = sendAt;
        message.MoveTo(sendAt is null ? MessageStatus.Queued : MessageStatus.Scheduled, now);
        if (sendAt is null)
        {
            thread.Touch(message);
            if (request.AuthorType == AuthorType.Api || (request.AuthorType == AuthorType.User && !request.Automated))
            {
                // A person (or the integration acting for one) answered: the customer no longer waits, and how long
                // they did is kept for the reports.
                if (thread.AnsweredBy(message.AuthorUserId, now, department.SendingHours, department.TimeZone) is { } measured)
                {
                    db.ResponseTimes.Add(measured);
                }
            }
        }

        db.Messages.Add(message);
        // Persist first; only then hand the id to a job. A crash between the two is healed by the pending-messages sweep.
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (request.IdempotencyKey is not null)
        {
            // The same request raced itself; the unique key kept the first.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await FindRepeatAsync(again, threadId, request.IdempotencyKey, cancellationToken) ?? throw new DomainException("The message could not be saved. Try again.");
        }

        message.JobId = sendAt is { } due ? jobs.ScheduleSend(message.Id, due) : jobs.EnqueueSend(message.Id);
        await JobIds.RecordAsync(db, message.Id, message.JobId, cancellationToken);

        logger.LogInformation("Message {MessageId} of thread {ThreadId} {Status} for account {ProviderAccountId}{When}",
            message.Id, thread.Id, message.Status, account.Id, sendAt is null ? "" : $" at {sendAt:o}");
        await notifier.PublishAsync(ConversationEvents.MessageAdded(message, thread, customer).By(actor), CancellationToken.None);
        if (request.AuthorType == AuthorType.User && await Assignment.ReplyClaim.TryAsync(db, thread, actor, now, cancellationToken) is { } claimed)
        {
            await notifier.PublishAsync(ConversationEvents.MessageAdded(claimed, thread, customer).By(actor), CancellationToken.None);
            await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, customer, change: ThreadChange.Assigned).By(actor), CancellationToken.None);
        }

        return message;
    }

    public async Task CancelAsync(DepartmentScope scope, Guid messageId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (message, thread) = await LoadAsync(db, scope, messageId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!MessageStatusMachine.IsPending(message.Status) || !message.TryMoveTo(MessageStatus.Canceled, now))
        {
            throw new DomainException("This message has already gone out or started sending, so it can no longer be canceled.");
        }

        var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, $"{actor.Name} canceled a message before it was sent", MessageStatus.Received, now);
        line.AuthorType = AuthorType.User;
        line.AuthorUserId = actor.UserId == Guid.Empty ? null : actor.UserId;
        db.Messages.Add(line);
        await SaveOrTooLateAsync(db, cancellationToken);
        jobs.Delete(message.JobId);
        await notifier.PublishAsync(ConversationEvents.StatusChanged(message, thread, thread.Customer!).By(actor), CancellationToken.None);
    }

    public async Task RescheduleAsync(DepartmentScope scope, Guid messageId, DateTime sendAtUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (message, thread) = await LoadAsync(db, scope, messageId, cancellationToken);
        if (message.Status != MessageStatus.Scheduled)
        {
            throw new DomainException("Only a scheduled message can be moved to another time.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var at = DateTime.SpecifyKind(sendAtUtc, DateTimeKind.Utc);
        if (at <= now)
        {
            throw new ValidationException("SendAt", "Pick a time in the future.");
        }

        if (at > now + SendingLimits.MaxScheduleAhead)
        {
            throw new ValidationException("SendAt", $"Messages can be scheduled at most {SendingLimits.MaxDaysAhead} days ahead.");
        }

        if (message.IsAutomated)
        {
            var department = await db.Departments.FirstAsync(d => d.Id == thread.DepartmentId, cancellationToken);
            at = RecipientWindow.For(department, thread.Customer!).NextOpening(at);
        }

        var oldJob = message.JobId;
        message.SendAt = at;
        message.JobId = jobs.ScheduleSend(message.Id, at);
        await SaveOrTooLateAsync(db, cancellationToken);
        jobs.Delete(oldJob);
        await notifier.PublishAsync(ConversationEvents.StatusChanged(message, thread, thread.Customer!), CancellationToken.None);
    }

    /// <summary>
    /// The text as it goes: a text from a marketing template, or the first to a number that never texted, ends with the
    /// department's opt-out line unless the number was told in the last 30 days or the text says how to stop.
    /// </summary>
    private static async Task<(string Text, bool TellsHowToStop)> WithOptOutLineAsync(
        PortalDbContext db, string body, Guid? templateId, Guid customerId, Core.Departments.Department department, DateTime now, CancellationToken cancellationToken)
    {
        var marketing = templateId is { } id && await db.Templates.AnyAsync(t => t.Id == id && t.IsMarketing, cancellationToken);
        var facts = await Consent.OptOutLineHistory.ForCustomerAsync(db, customerId, now, cancellationToken);
        var due = facts.Requires(marketing);
        var (text, added) = Core.Consent.OptOutLine.AddTo(body, department.OptOutLine, due);
        if (text.Length > MessageBodyLimits.MaxTextLength)
        {
            throw new ValidationException("Body",
                $"With the opt-out line “{Core.Consent.OptOutLine.Of(department.OptOutLine)}” the text is over {MessageBodyLimits.MaxTextLength:N0} characters. Shorten it.");
        }

        // A text whose own words say how to stop (one sent again after a failure, or written so) told the customer too.
        return (text, added || (due && Core.Consent.OptOutLine.AlreadySays(text)));
    }

    /// <summary>A message already queued with this key in this thread (a key from another thread is not this caller's).</summary>
    private static async Task<Message?> FindRepeatAsync(PortalDbContext db, Guid threadId, string? key, CancellationToken cancellationToken) =>
        key is null ? null : await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.IdempotencyKey == key && m.ThreadId == threadId, cancellationToken);

    private static async Task<(Message Message, ConversationThread Thread)> LoadAsync(PortalDbContext db, DepartmentScope scope, Guid messageId, CancellationToken cancellationToken)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken) ?? throw new NotFoundException("The message");
        var thread = await db.Threads.Include(t => t.Customer).FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
        return scope.Allows(thread.DepartmentId) ? (message, thread) : throw new AccessDeniedException();
    }

    private static async Task SaveOrTooLateAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("This message has just started sending and can no longer be changed.");
        }
    }
}
