using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;

namespace Portal.Infrastructure.Sending;

/// <summary>
/// The pending-messages sweep's half of sending: settles messages whose send was cut off (left in Sending by a crash or
/// restart mid-call) and fails those whose send job kept failing before it reached a provider.
/// </summary>
public sealed class InterruptedSendResolver(
    IDbContextFactory<PortalDbContext> dbFactory,
    UncertainSendLookup lookup,
    ProviderAccountStore accounts,
    IJobScheduler jobs,
    IConversationNotifier notifier,
    TimeProvider clock,
    ILogger<InterruptedSendResolver> logger)
{
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
        if (!await db.TrySaveChangesAsync(cancellationToken))
        {
            return false;
        }

        var thread = await db.Threads.Include(t => t.Customer).FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
        logger.LogWarning("Message {MessageId} of thread {ThreadId} failed: its send job failed every retry", message.Id, thread.Id);
        await notifier.PublishAsync(ConversationEvents.StatusChanged(message, thread, thread.Customer!), CancellationToken.None);
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
            : await lookup.FindAsync(accounts.ToSettings(account), OutboundText.For(message, thread.Customer), message.UpdatedAt, cancellationToken);
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

        if (!await db.TrySaveChangesAsync(cancellationToken))
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
        await notifier.PublishAsync(ConversationEvents.StatusChanged(message, thread, thread.Customer!), CancellationToken.None);
        return true;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
