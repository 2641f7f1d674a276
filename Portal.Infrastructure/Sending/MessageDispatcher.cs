using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Sending;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Inbound;
using Portal.Infrastructure.Telemetry;

namespace Portal.Infrastructure.Sending;

public enum DispatchOutcome
{
    /// <summary>Nothing to do: already sent, canceled, claimed by another worker, or gone.</summary>
    Skipped,
    Rescheduled,
    Sent,
    Retrying,
    Failed,
}

/// <summary>
/// Sends one message, at most once. It re-reads the message, does nothing unless it is still due, claims it by moving it
/// to Sending (a concurrent claim loses on the row's revision), calls the provider once, and records the answer.
/// Anything it cannot be sure of is left for a person, never re-sent.
/// </summary>
public sealed class MessageDispatcher(
    IDbContextFactory<PortalDbContext> dbFactory,
    IEnumerable<IMessageProvider> providers,
    IEnumerable<ISendLookup> lookups,
    ProviderAccountStore accounts,
    IJobScheduler jobs,
    IConversationNotifier notifier,
    IOptions<SendingOptions> options,
    PortalTelemetry telemetry,
    TimeProvider clock,
    ILogger<MessageDispatcher> logger)
{
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(3);

    public async Task<DispatchOutcome> DispatchAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        // A lost claim is re-read: another worker may have taken the message (then there is nothing to do), or someone
        // only touched it (a job id recorded, a time moved), in which case the claim is tried again on fresh data.
        for (var attempt = 0; ; attempt++)
        {
            var outcome = await DispatchOnceAsync(messageId, cancellationToken);
            if (outcome != null)
            {
                return outcome.Value;
            }

            if (attempt == 4)
            {
                logger.LogWarning("Message {MessageId} kept changing under the dispatcher; leaving it to the sweep", messageId);
                return DispatchOutcome.Skipped;
            }
        }
    }

    /// <summary>Null when the claim lost a race and should be tried again.</summary>
    private async Task<DispatchOutcome?> DispatchOnceAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null || message.Status is not (MessageStatus.Queued or MessageStatus.Scheduled or MessageStatus.Retrying))
        {
            return DispatchOutcome.Skipped;
        }

        using var span = PortalTelemetry.StartSend(message.Id, message.TraceParent);
        if (message.CampaignId is { } campaignId)
        {
            // A campaign's texts go only through its runner, which keeps its pace, its pause and each recipient's hours.
            jobs.ScheduleCampaignRun(campaignId, Now);
            return DispatchOutcome.Skipped;
        }

        var dueAt = message.Status == MessageStatus.Retrying ? message.NextAttemptAt : message.SendAt;
        var now = Now;
        if (dueAt is { } due && due > now)
        {
            if (due - now > EarlyTolerance)
            {
                return await RescheduleAsync(db, message, due, cancellationToken);
            }

            // Hangfire keeps due times to the second and may start a job early: wait out the difference, never send early.
            // Timers may wake a little before their time, so check again until the moment has really come.
            while (due - now > TimeSpan.Zero)
            {
                await Task.Delay(due - now + TimeSpan.FromMilliseconds(1), clock, cancellationToken);
                now = Now;
            }
        }

        var thread = await db.Threads.Include(t => t.Customer).Include(t => t.Department).FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
        var customer = thread.Customer!;
        // Consent belongs to the number: another customer record with it may hold the opt-out.
        if (customer.IsOptedOut || await ConsentChanges.IsOptedOutAsync(db, customer.Phone, cancellationToken))
        {
            return await FailBeforeSendingAsync(db, message, thread, FailureReason.OptedOut, "The customer opted out before it was sent.", cancellationToken);
        }

        if (SenderAddress.WhyUntextable(customer.Phone) is { } untextable)
        {
            return await FailBeforeSendingAsync(db, message, thread, FailureReason.InvalidPhoneNumber, untextable, cancellationToken);
        }

        if (message.IsAutomated)
        {
            var opening = SendingWindow.NextOpening(now, thread.Department!.SendingHours, thread.Department.TimeZone);
            if (opening > now)
            {
                logger.LogInformation("Message {MessageId} held to {Opening:o}: outside {Department}'s sending hours", message.Id, opening, thread.Department.Name);
                if (message.Status == MessageStatus.Retrying)
                {
                    message.NextAttemptAt = opening;
                }
                else
                {
                    message.SendAt = opening;
                }

                return await RescheduleAsync(db, message, opening, cancellationToken);
            }
        }

        var account = message.ProviderAccountId is { } accountId
            ? await db.ProviderAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.Enabled, cancellationToken)
            : null;
        account ??= await accounts.RouteAsync(db, thread.DepartmentId, thread.LastInboundProviderAccountId, cancellationToken);
        if (account is null)
        {
            return await FailBeforeSendingAsync(db, message, thread, FailureReason.NoProviderConfigured, "No enabled provider account for this department.", cancellationToken);
        }

        var provider = providers.FirstOrDefault(p => p.Kind == account.Kind);
        if (provider is null)
        {
            return await FailBeforeSendingAsync(db, message, thread, FailureReason.NoProviderConfigured, $"{account.Kind} cannot send texts.", cancellationToken);
        }

        // The claim.
        message.MoveTo(MessageStatus.Sending, now);
        message.Attempts++;
        message.ProviderAccountId = account.Id;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Message {MessageId} changed while being claimed; reading it again", message.Id);
            return null;
        }

        await PublishAsync(thread, message);

        var settings = accounts.ToSettings(account);
        var outbound = new OutboundText(message.Id, thread.Id, customer.Phone!, message.Body, message.Attachments,
            customer.FirstName, customer.LastName, customer.Email, customer.DrivlyLeadId, message.TemplateId);
        logger.LogInformation("Sending message {MessageId} of thread {ThreadId} through {Provider} account {ProviderAccountId}, attempt {Attempt}",
            message.Id, thread.Id, account.Kind, account.Id, message.Attempts);

        span?.SetTag("portal.provider", account.Kind.Slug);
        var started = clock.GetTimestamp();
        var result = await provider.SendAsync(settings, outbound, cancellationToken);
        var answeredIn = clock.GetElapsedTime(started);
        if (result.Outcome == SendOutcome.Ambiguous)
        {
            // Found only on an exact match; otherwise it stays ambiguous and is flagged for a person.
            var found = await LookUpAsync(settings, outbound, now, cancellationToken);
            if (found.Outcome == SendLookupOutcome.Found)
            {
                logger.LogInformation("Message {MessageId}: the ambiguous send was found at the provider as {ProviderMessageId}", message.Id, found.ProviderMessageId);
                result = SendResult.Accepted(found.ProviderMessageId!, result.HttpStatus, result.ResponseBody);
            }
        }

        telemetry.SendAnswered(account.Kind, result.Outcome, answeredIn);
        span?.SetTag("portal.send.outcome", PortalTelemetry.Snake(result.Outcome));
        if (result.Outcome != SendOutcome.Accepted)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Detail);
        }
        else if (message.SendAt is { } scheduledFor)
        {
            telemetry.ScheduledSendWentOut(Now - scheduledFor);
        }

        // From here the provider has answered: record it even if the job is being stopped.
        return await RecordAsync(db, message, thread, customer, result, CancellationToken.None);
    }

    /// <summary>Fails a pending message whose send job kept failing before it reached the provider.</summary>
    public async Task<bool> FailUnsendableAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null || !message.TryMoveTo(MessageStatus.Failed, Now))
        {
            return false;
        }

        message.FailureReason = FailureReason.Unknown;
        message.FailureDetail = "The send job failed repeatedly before contacting the provider; it was not sent. See Background jobs.";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        var thread = await db.Threads.Include(t => t.Customer).FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
        logger.LogWarning("Message {MessageId} of thread {ThreadId} failed: its send job failed every retry", message.Id, thread.Id);
        await PublishAsync(thread, message);
        return true;
    }

    /// <summary>Marks a message that was left in Sending (a crash or restart mid-call) for a person to decide.</summary>
    public async Task<bool> MarkInterruptedAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId && m.Status == MessageStatus.Sending, cancellationToken);
        if (message is null)
        {
            return false;
        }

        // The provider may be able to say whether the interrupted call reached it; only an exact answer is acted on.
        var thread = await db.Threads.Include(t => t.Customer).FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
        var account = message.ProviderAccountId is { } accountId ? await db.ProviderAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken) : null;
        var found = account is null || thread.Customer?.Phone is null
            ? SendLookupResult.Unknown("No account or number to ask about.")
            : await LookUpAsync(accounts.ToSettings(account),
                new OutboundText(message.Id, thread.Id, thread.Customer.Phone, message.Body, message.Attachments), message.UpdatedAt, cancellationToken);
        switch (found.Outcome)
        {
            case SendLookupOutcome.Found:
                message.ProviderMessageId = found.ProviderMessageId;
                message.MoveTo(MessageStatus.Sent, Now);
                break;
            case SendLookupOutcome.NotFound:
                message.MoveTo(MessageStatus.Retrying, Now);
                message.NextAttemptAt = Now;
                message.FailureDetail = "Sending was interrupted before the provider had it; sending again.";
                break;
            default:
                message.Fail(FailureReason.OutcomeUnknown, "Sending was interrupted (the portal stopped mid-send). Check with the customer before sending again.", Now);
                break;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        if (message.Status == MessageStatus.Retrying && message.CampaignId is { } campaignId)
        {
            jobs.ScheduleCampaignRun(campaignId, Now);
        }
        else if (message.Status == MessageStatus.Retrying)
        {
            await JobIds.RecordAsync(db, message.Id, jobs.EnqueueSend(message.Id), cancellationToken);
        }

        logger.LogWarning("Message {MessageId} of thread {ThreadId} was interrupted while sending; the provider look-up said {Outcome}, so it is now {Status}",
            message.Id, thread.Id, found.Outcome, message.Status);
        await PublishAsync(thread, message);
        return true;
    }

    /// <summary>Asks the provider's look-up, when its module has one, about a send whose outcome is unknown.</summary>
    private async Task<SendLookupResult> LookUpAsync(ProviderAccountSettings settings, OutboundText outbound, DateTime attemptStartedAt, CancellationToken cancellationToken)
    {
        if (lookups.FirstOrDefault(l => l.Kind == settings.Kind) is not { } lookup)
        {
            return SendLookupResult.Unknown("This provider cannot be asked.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = attemptStartedAt.AddDays(-2);
        var onRecord = await db.Messages
            .Where(m => m.ProviderAccountId == settings.Id && m.ProviderMessageId != null && m.Direction == MessageDirection.Outbound && m.CreatedAt >= since)
            .Join(db.Threads.Where(t => t.Customer!.Phone == outbound.To), m => m.ThreadId, t => t.Id, (m, t) => m.ProviderMessageId!)
            .ToListAsync(cancellationToken);
        // Another send of ours to this number with this text, itself unresolved, could be the one the provider has.
        var similar = await db.Messages
            .Where(m => m.Id != outbound.MessageId && m.ThreadId == outbound.ThreadId && m.Body == outbound.Body && m.ProviderMessageId == null
                && (m.Status == MessageStatus.Sending || (m.Status == MessageStatus.Failed && m.FailureReason == FailureReason.OutcomeUnknown)))
            .CountAsync(cancellationToken);
        return await lookup.FindAsync(settings, new UncertainSend(outbound, attemptStartedAt, onRecord.ToHashSet(), similar), cancellationToken);
    }

    private async Task<DispatchOutcome> RecordAsync(PortalDbContext db, Message message, ConversationThread thread, Customer customer, SendResult result, CancellationToken cancellationToken)
    {
        var consentChanged = new AfterCommit();
        var now = Now;
        DispatchOutcome outcome;
        switch (result.Outcome)
        {
            case SendOutcome.Accepted:
                message.ProviderMessageId = result.ProviderMessageId;
                message.FailureReason = null;
                message.FailureDetail = null;
                message.TryMoveTo(MessageStatus.Sent, now);
                outcome = DispatchOutcome.Sent;
                break;
            case SendOutcome.Transient when message.Attempts < options.Value.MaxAttempts:
                message.MoveTo(MessageStatus.Retrying, now);
                message.FailureReason = result.Reason;
                message.FailureDetail = result.Detail;
                message.NextAttemptAt = now + options.Value.RetryDelay(message.Attempts, result.RetryAfter, Random.Shared);
                message.JobId = jobs.ScheduleSend(message.Id, message.NextAttemptAt.Value);
                outcome = DispatchOutcome.Retrying;
                break;
            case SendOutcome.Transient:
                message.Fail(result.Reason ?? FailureReason.ProviderUnavailable, $"{result.Detail} (gave up after {message.Attempts} attempts)", now);
                outcome = DispatchOutcome.Failed;
                break;
            default:
                message.Fail(result.Reason ?? FailureReason.ProviderRejected, result.Detail, now);
                if (result.Reason == FailureReason.OptedOut && customer.Phone is not null)
                {
                    await ConsentChanges.ApplyAsync(db, customer.Phone, ConsentStatus.OptedOut, "the provider refused a text",
                        $"The provider refused message {message.Id}: the number has opted out", now, consentChanged, cancellationToken, customer);
                }

                outcome = DispatchOutcome.Failed;
                break;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException) when (result.Outcome == SendOutcome.Accepted)
        {
            // A status callback overtook us and already moved the message on; keep its status, add the provider id.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var fresh = await again.Messages.FirstAsync(m => m.Id == message.Id, cancellationToken);
            fresh.ProviderMessageId ??= result.ProviderMessageId;
            await again.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("Message {MessageId} of thread {ThreadId}: {Outcome} via account {ProviderAccountId} ({Detail})",
            message.Id, thread.Id, result.Outcome, message.ProviderAccountId, result.Detail ?? result.ProviderMessageId);
        await PublishAsync(thread, message);
        foreach (var change in consentChanged.Events)
        {
            await notifier.PublishAsync(change, CancellationToken.None);
        }

        return outcome;
    }

    private async Task<DispatchOutcome?> FailBeforeSendingAsync(PortalDbContext db, Message message, ConversationThread thread, FailureReason reason, string detail, CancellationToken cancellationToken)
    {
        message.Fail(reason, detail, Now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }

        logger.LogInformation("Message {MessageId} of thread {ThreadId} failed before sending: {Reason}", message.Id, thread.Id, reason);
        await PublishAsync(thread, message);
        return DispatchOutcome.Failed;
    }

    private async Task<DispatchOutcome?> RescheduleAsync(PortalDbContext db, Message message, DateTime at, CancellationToken cancellationToken)
    {
        try
        {
            // Saves a moved time (sending hours) first; a conflict means the message changed, so decide again.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }

        await JobIds.RecordAsync(db, message.Id, jobs.ScheduleSend(message.Id, at), cancellationToken);
        return DispatchOutcome.Rescheduled;
    }

    /// <summary>Every thread here is loaded with its customer, so the event carries what a client shows.</summary>
    /// <summary>After a commit, so never cancelled: a stopping job must not lose the screens' update or the webhook of what it saved.</summary>
    private Task PublishAsync(ConversationThread thread, Message message) =>
        notifier.PublishAsync(ConversationEvents.StatusChanged(message, thread, thread.Customer!), CancellationToken.None);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
