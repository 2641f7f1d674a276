using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Sending;
using Portal.Infrastructure.Telemetry;

namespace Portal.Infrastructure.Campaigns;

/// <summary>
/// Sends a claimed batch with a bounded number of calls in flight, then records every answer in one commit through
/// the <see cref="SendResultRecorder"/> (falling back to one message at a time when a status callback overtook it).
/// </summary>
internal sealed class CampaignBatchSender(
    IDbContextFactory<PortalDbContext> dbFactory,
    IConversationNotifier notifier,
    SendResultRecorder recorder,
    SenderPace pace,
    IOptions<CampaignOptions> options,
    PortalTelemetry telemetry,
    TimeProvider clock,
    ILogger logger)
{
    public async Task<SendResult[]> SendAsync((ProviderAccountSettings Account, IMessageProvider Provider) sender, List<CampaignClaim> batch)
    {
        var (account, provider) = sender;
        var results = new SendResult[batch.Count];
        await Parallel.ForAsync(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSends }, async (i, _) =>
        {
            var (message, thread) = batch[i];
            var customer = thread.Customer!;
            var outbound = OutboundText.For(message, customer);
            // An ambiguous answer (a timeout, a 5xx) is flagged for a person, never retried blindly; so is a call that threw.
            pace.Record(account.Id, Now);
            var started = clock.GetTimestamp();
            try
            {
                results[i] = await provider.SendAsync(account, outbound, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sending campaign message {MessageId} threw", message.Id);
                results[i] = SendResult.Ambiguous($"The send failed unexpectedly ({e.GetType().Name}).");
            }

            telemetry.SendAnswered(account.Kind, results[i].Outcome, clock.GetElapsedTime(started));
        });
        return results;
    }

    public async Task RecordAsync(PortalDbContext db, Guid campaignId, List<CampaignClaim> batch, SendResult[] results, CancellationToken cancellationToken)
    {
        var now = Now;
        var consentChanged = new AfterCommit();
        // Canceled while this batch was out: what the provider could not take now is not sent later.
        var canceled = await db.Campaigns.AsNoTracking().AnyAsync(c => c.Id == campaignId && c.Status == CampaignStatus.Canceled, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            await ApplyAsync(db, batch[i].Message, batch[i].Thread.Customer!, results[i], now, canceled, consentChanged, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A status callback overtook a recording (a fast delivery report): record each message on its own, fresh.
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i] = batch[i] with { Message = await RecordOneAsync(batch[i], results[i], now, canceled, consentChanged, cancellationToken) };
            }
        }

        foreach (var change in consentChanged.Events)
        {
            await notifier.PublishAsync(change, cancellationToken);
        }
    }

    private async Task<Message> RecordOneAsync(CampaignClaim claimed, SendResult result, DateTime now, bool canceled, AfterCommit consentChanged, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var fresh = await again.Messages.FirstAsync(m => m.Id == claimed.Message.Id, cancellationToken);
            if (fresh.Status == MessageStatus.Sending)
            {
                var customer = await again.Customers.FirstAsync(c => c.Id == claimed.Thread.CustomerId, cancellationToken);
                await ApplyAsync(again, fresh, customer, result, now, canceled, consentChanged, cancellationToken);
            }
            else if (result.Outcome == SendOutcome.Accepted)
            {
                fresh.ProviderMessageId ??= result.ProviderMessageId;
            }

            try
            {
                await again.SaveChangesAsync(cancellationToken);
                return fresh;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 4)
            {
                // Another callback in between: read it once more.
            }
        }
    }

    private Task ApplyAsync(PortalDbContext db, Message message, Customer customer, SendResult result, DateTime now, bool canceled, AfterCommit consentChanged, CancellationToken cancellationToken) =>
        recorder.ApplyAsync(db, message, customer, result, now, consentChanged, cancellationToken, canceled ? "Not tried again: the campaign was canceled." : null);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
