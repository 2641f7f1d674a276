using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;
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
    UncertainSendLookup lookup,
    ProviderAccountStore accounts,
    IJobScheduler jobs,
    IConversationNotifier notifier,
    SendResultRecorder recorder,
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
        var gate = await RecipientGate.ForAsync(db, [customer], cancellationToken);
        if (gate.Refusal(customer) is { } refusal)
        {
            return await FailBeforeSendingAsync(db, message, thread, refusal.Reason, refusal.Detail, cancellationToken);
        }

        if (message.IsAutomated && RecipientGate.RecipientWindowOpening(now, thread.Department!, customer, campaign: message.CampaignId is not null) is var opening && opening > now)
        {
            logger.LogInformation("Message {MessageId} held to {Opening:o}: outside {Department}'s sending hours", message.Id, opening, thread.Department!.Name);
            message.DeferTo(opening);
            return await RescheduleAsync(db, message, opening, cancellationToken);
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

        message.Claim(account.Id, now);
        if (!await db.TrySaveChangesAsync(cancellationToken))
        {
            logger.LogInformation("Message {MessageId} changed while being claimed; reading it again", message.Id);
            return null;
        }

        await PublishAsync(thread, message);

        var settings = accounts.ToSettings(account);
        var outbound = OutboundText.For(message, customer);
        logger.LogInformation("Sending message {MessageId} of thread {ThreadId} through {Provider} account {ProviderAccountId}, attempt {Attempt}",
            message.Id, thread.Id, account.Kind, account.Id, message.Attempts);

        span?.SetTag("portal.provider", account.Kind.Slug);
        var started = clock.GetTimestamp();
        var result = await provider.SendAsync(settings, outbound, cancellationToken);
        var answeredIn = clock.GetElapsedTime(started);
        if (result.Outcome == SendOutcome.Ambiguous)
        {
            // Found only on an exact match; otherwise it stays ambiguous and is flagged for a person.
            var found = await lookup.FindAsync(settings, outbound, now, cancellationToken);
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

    private async Task<DispatchOutcome> RecordAsync(PortalDbContext db, Message message, ConversationThread thread, Customer customer, SendResult result, CancellationToken cancellationToken)
    {
        var consentChanged = new AfterCommit();
        var outcome = await recorder.ApplyAsync(db, message, customer, result, Now, consentChanged, cancellationToken);
        if (outcome == DispatchOutcome.Retrying)
        {
            message.JobId = jobs.ScheduleSend(message.Id, message.NextAttemptAt!.Value);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException) when (result.Outcome == SendOutcome.Accepted)
        {
            // A status callback overtook us and already moved the message on; keep its status, add the provider id.
            // Any other answer that loses a race fails the job, whose retry finds the message settled and does nothing.
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
        if (!await db.TrySaveChangesAsync(cancellationToken))
        {
            return null;
        }

        logger.LogInformation("Message {MessageId} of thread {ThreadId} failed before sending: {Reason}", message.Id, thread.Id, reason);
        await PublishAsync(thread, message);
        return DispatchOutcome.Failed;
    }

    private async Task<DispatchOutcome?> RescheduleAsync(PortalDbContext db, Message message, DateTime at, CancellationToken cancellationToken)
    {
        // Saves a moved time (sending hours) first; a conflict means the message changed, so decide again.
        if (!await db.TrySaveChangesAsync(cancellationToken))
        {
            return null;
        }

        await JobIds.RecordAsync(db, message.Id, jobs.ScheduleSend(message.Id, at), cancellationToken);
        return DispatchOutcome.Rescheduled;
    }

    /// <summary>
    /// Every thread here is loaded with its customer, so the event carries what a client shows. After a commit, so never
    /// cancelled: a stopping job must not lose the screens' update or the webhook of what it saved.
    /// </summary>
    private Task PublishAsync(ConversationThread thread, Message message) =>
        notifier.PublishAsync(ConversationEvents.StatusChanged(message, thread, thread.Customer!), CancellationToken.None);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
