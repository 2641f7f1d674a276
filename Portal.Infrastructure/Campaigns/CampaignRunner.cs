using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Sending;
using Portal.Core.Threads;
using Portal.Infrastructure.Inbound;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;

namespace Portal.Infrastructure.Campaigns;

public enum CampaignRunOutcome
{
    /// <summary>Another runner holds the campaign, or it is paused, canceled or done.</summary>
    NotRunning,

    /// <summary>Nothing is due yet: a run is scheduled for the next due message.</summary>
    Waiting,
    Completed,

    /// <summary>The job was stopped (shutdown); the next run carries on.</summary>
    Stopped,
}

/// <summary>
/// Sends a campaign's due messages at its throttle. Each batch is claimed in one commit (the messages move to Sending,
/// the campaign's lease is renewed), sent in parallel, and recorded in one more: with the commit that created them,
/// at most three commits per message. A recipient who opted out, a number that cannot be texted or a provider's refusal
/// fails that message only. A runner killed mid-batch leaves its claimed messages in Sending, which the pending-messages
/// sweep resolves with the provider or flags for a person, never resends blindly.
/// </summary>
public sealed class CampaignRunner(
    IDbContextFactory<PortalDbContext> dbFactory,
    IEnumerable<IMessageProvider> providers,
    ProviderAccountStore accounts,
    IJobScheduler jobs,
    IConversationNotifier notifier,
    CampaignProgressReader progress,
    SenderPace pace,
    IOptions<SendingOptions> sendingOptions,
    IOptions<CampaignOptions> options,
    Telemetry.PortalTelemetry telemetry,
    TimeProvider clock,
    ILogger<CampaignRunner> logger)
{
    public async Task<CampaignRunOutcome> RunAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        if (!await TryTakeLeaseAsync(campaignId, cancellationToken))
        {
            return CampaignRunOutcome.NotRunning;
        }

        try
        {
            return await SendDueAsync(campaignId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CampaignRunOutcome.Stopped;
        }
        finally
        {
            await ReleaseLeaseAsync(campaignId);
        }
    }

    private async Task<CampaignRunOutcome> SendDueAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var step = await StepAsync(campaignId, cancellationToken);
            if (step.Outcome is { } done)
            {
                return done;
            }

            if (step.NextBatchAt > Now)
            {
                await Task.Delay(step.NextBatchAt - Now, clock, cancellationToken);
            }
        }
    }

    /// <summary>What one step did: a batch sent (<see cref="Outcome"/> null, go on at <see cref="NextBatchAt"/>), or why the run ends.</summary>
    public sealed record CampaignStep(CampaignRunOutcome? Outcome, int Claimed, DateTime NextBatchAt);

    /// <summary>Claims, sends and records one batch of due messages. <see cref="RunAsync"/> repeats it at the throttle.</summary>
    public async Task<CampaignStep> StepAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batchStartedAt = Now;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
            if (campaign is null || !campaign.CanSend)
            {
                return new CampaignStep(CampaignRunOutcome.NotRunning, 0, batchStartedAt);
            }

            if (campaign.RunnerId is { } owner && owner != runnerId && campaign.RunnerLeaseUntil > batchStartedAt)
            {
                return new CampaignStep(CampaignRunOutcome.NotRunning, 0, batchStartedAt); // Another runner has it.
            }

            if (campaign.StartAt > Now)
            {
                jobs.ScheduleCampaignRun(campaign.Id, campaign.StartAt);
                return new CampaignStep(CampaignRunOutcome.Waiting, 0, campaign.StartAt);
            }

            // The sender is settled before anything is claimed: a disabled or removed account pauses the campaign.
            var sender = await SenderAsync(db, campaign, cancellationToken);
            if (sender is null)
            {
                return new CampaignStep(CampaignRunOutcome.NotRunning, 0, batchStartedAt);
            }

            var department = await db.Departments.AsNoTracking().FirstAsync(d => d.Id == campaign.DepartmentId, cancellationToken);
            // Tokens for the time since the last batch began (at least one tick): a batch that took longer than its
            // tick is made up in the next, so the pace holds without ever running ahead of it.
            var since = lastBatchStartedAt is { } last ? batchStartedAt - last : options.Value.Tick;
            // And never more in any ten seconds than the rate allows this sender, counting every campaign using it.
            var (allowed, freeAt) = pace.Allowance(campaign.ProviderAccountId, campaign.MessagesPerMinute, batchStartedAt);
            if (allowed == 0)
            {
                return new CampaignStep(null, 0, freeAt);
            }

            var batch = await ClaimAsync(db, campaign, department, Math.Min(allowed, BatchSize(campaign.MessagesPerMinute, since)), cancellationToken);
            if (batch is null)
            {
                if (attempt == 4)
                {
                    return new CampaignStep(null, 0, Now + TimeSpan.FromSeconds(1));
                }

                continue; // The campaign or a message changed under the claim: read again.
            }

            if (batch.Claimed.Count == 0)
            {
                if (batch.Changed)
                {
                    // Some were failed (an opt-out, a bad number) or moved to their window: look again at once.
                    if (Now - lastProgressAt >= options.Value.ProgressEvery)
                    {
                        await PublishProgressAsync(campaign, cancellationToken);
                    }

                    return new CampaignStep(null, 0, Now);
                }

                var (outcome, next) = await WaitOrCompleteAsync(campaign.Id, cancellationToken);
                return new CampaignStep(outcome, 0, next);
            }

            // Claimed: from here the batch is sent and recorded even if the job is being stopped.
            lastBatchStartedAt = batchStartedAt;
            var results = await SendAsync(sender.Value, batch.Claimed);
            await RecordAsync(db, campaign.Id, batch.Claimed, results, CancellationToken.None);
            foreach (var item in batch.Claimed)
            {
                await notifier.PublishAsync(ConversationEvents.StatusChanged(item.Message, item.Thread, item.Thread.Customer!), CancellationToken.None);
            }

            if (Now - lastProgressAt >= options.Value.ProgressEvery)
            {
                await PublishProgressAsync(campaign, CancellationToken.None);
            }

            // The throttle: a batch of n messages takes n / rate of the minute, wherever the sending took less.
            return new CampaignStep(null, batch.Claimed.Count, batchStartedAt + TimeSpan.FromMinutes(batch.Claimed.Count / (double)campaign.MessagesPerMinute));
        }
    }

    private DateTime? lastBatchStartedAt;

    /// <summary>This runner's name on the campaign's lease: it renews and releases only a lease that is still its own.</summary>
    private readonly Guid runnerId = Guid.NewGuid();

    /// <summary>Messages per batch: what the throttle allows for <paramref name="since"/> (a tick, or longer after a slow batch), at least one.</summary>
    private int BatchSize(int perMinute, TimeSpan since)
    {
        // Made up for at most three ticks: a pause or a night outside the window is not a debt to be sent at once.
        var tick = options.Value.Tick;
        var span = since < tick ? tick : since > tick * 3 ? tick * 3 : since;
        return Math.Clamp((int)Math.Round(perMinute / 60.0 * span.TotalSeconds), 1, options.Value.MaxBatch);
    }

    private sealed record Claimed(Message Message, ConversationThread Thread);

    private sealed record ClaimedBatch(List<Claimed> Claimed, bool Changed);

    /// <summary>Null when the commit lost a race (a pause, a cancel, a webhook) and should be tried again.</summary>
    private async Task<ClaimedBatch?> ClaimAsync(PortalDbContext db, Campaign campaign, Core.Departments.Department department, int size, CancellationToken cancellationToken)
    {
        var now = Now;
        var due = await db.Messages
            .Where(m => m.CampaignId == campaign.Id
                && ((m.Status == MessageStatus.Scheduled && m.SendAt <= now) || (m.Status == MessageStatus.Retrying && m.NextAttemptAt <= now)))
            .OrderBy(m => m.Status == MessageStatus.Retrying ? m.NextAttemptAt : m.SendAt)
            .Take(size)
            .ToListAsync(cancellationToken);
        var threadIds = due.Select(m => m.ThreadId).Distinct().ToList();
        var threads = await db.Threads.Include(t => t.Customer).Where(t => threadIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var phones = threads.Values.Select(t => t.Customer!.Phone).OfType<string>().Distinct().ToList();
        // Consent belongs to the number: another customer record with it may hold the opt-out.
        var optedOut = (await db.Customers.Where(c => c.Phone != null && phones.Contains(c.Phone) && c.Consent == ConsentStatus.OptedOut)
            .Select(c => c.Phone!).ToListAsync(cancellationToken)).ToHashSet();

        var claimed = new List<Claimed>();
        foreach (var message in due)
        {
            var thread = threads[message.ThreadId];
            var customer = thread.Customer!;
            if (customer.IsOptedOut || (customer.Phone is { } phone && optedOut.Contains(phone)))
            {
                message.Fail(FailureReason.OptedOut, "The customer opted out before it was sent.", now);
                continue;
            }

            if (SenderAddress.WhyUntextable(customer.Phone) is { } untextable)
            {
                message.Fail(FailureReason.InvalidPhoneNumber, untextable, now);
                continue;
            }

            var zone = CampaignWindow.RecipientZones(customer.TimeZoneId, customer.Phone, department.TimeZone);
            if (!CampaignWindow.IsOpen(now, department.SendingHours, zone))
            {
                var opening = CampaignWindow.NextOpening(now, department.SendingHours, zone);
                if (message.Status == MessageStatus.Retrying)
                {
                    message.NextAttemptAt = opening;
                }
                else
                {
                    message.SendAt = opening;
                }

                continue;
            }

            message.MoveTo(MessageStatus.Sending, now);
            message.Attempts++;
            message.ProviderAccountId = campaign.ProviderAccountId;
            claimed.Add(new Claimed(message, thread));
        }

        if (campaign.Status == CampaignStatus.Scheduled)
        {
            campaign.Status = CampaignStatus.Running;
        }

        campaign.RunnerLeaseUntil = now + options.Value.Lease;
        campaign.RunnerId = runnerId;
        campaign.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Campaign {CampaignId} changed while a batch was claimed; reading it again", campaign.Id);
            return null;
        }

        return new ClaimedBatch(claimed, due.Count > 0);
    }

    private async Task<(ProviderAccountSettings Account, IMessageProvider Provider)?> SenderAsync(PortalDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        var account = await db.ProviderAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == campaign.ProviderAccountId, cancellationToken);
        var provider = account is { Enabled: true } ? providers.FirstOrDefault(p => p.Kind == account.Kind) : null;
        if (account is not null && provider is not null)
        {
            return (accounts.ToSettings(account), provider);
        }

        campaign.Status = CampaignStatus.Paused;
        campaign.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Campaign {CampaignId} paused: its provider account is disabled, removed or cannot send texts", campaign.Id);
            await PublishProgressAsync(campaign, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed it meanwhile; the next run reads it again.
        }

        return null;
    }

    private async Task<SendResult[]> SendAsync((ProviderAccountSettings Account, IMessageProvider Provider) sender, List<Claimed> batch)
    {
        var (account, provider) = sender;
        var results = new SendResult[batch.Count];
        await Parallel.ForAsync(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSends }, async (i, _) =>
        {
            var (message, thread) = batch[i];
            var customer = thread.Customer!;
            var outbound = new OutboundText(message.Id, thread.Id, customer.Phone!, message.Body, message.Attachments,
                customer.FirstName, customer.LastName, customer.Email, customer.DrivlyLeadId, message.TemplateId);
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

    private async Task RecordAsync(PortalDbContext db, Guid campaignId, List<Claimed> batch, SendResult[] results, CancellationToken cancellationToken)
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

    private async Task<Message> RecordOneAsync(Claimed claimed, SendResult result, DateTime now, bool canceled, AfterCommit consentChanged, CancellationToken cancellationToken)
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

    private async Task ApplyAsync(PortalDbContext db, Message message, Customer customer, SendResult result, DateTime now, bool canceled, AfterCommit consentChanged, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case SendOutcome.Transient when canceled:
                message.Fail(result.Reason ?? FailureReason.ProviderUnavailable, $"{result.Detail} Not tried again: the campaign was canceled.", now);
                break;
            case SendOutcome.Accepted:
                message.ProviderMessageId = result.ProviderMessageId;
                message.FailureReason = null;
                message.FailureDetail = null;
                message.TryMoveTo(MessageStatus.Sent, now);
                break;
            case SendOutcome.Transient when message.Attempts < sendingOptions.Value.MaxAttempts:
                message.MoveTo(MessageStatus.Retrying, now);
                message.FailureReason = result.Reason;
                message.FailureDetail = result.Detail;
                message.NextAttemptAt = now + sendingOptions.Value.RetryDelay(message.Attempts, result.RetryAfter, Random.Shared);
                break;
            case SendOutcome.Transient:
                message.Fail(result.Reason ?? FailureReason.ProviderUnavailable, $"{result.Detail} (gave up after {message.Attempts} attempts)", now);
                break;
            case SendOutcome.Ambiguous:
                message.Fail(FailureReason.OutcomeUnknown, $"{result.Detail} The provider may or may not have sent it: check with the customer before sending again.", now);
                break;
            default:
                message.Fail(result.Reason ?? FailureReason.ProviderRejected, result.Detail, now);
                if (result.Reason == FailureReason.OptedOut && customer.Phone is not null)
                {
                    await ConsentChanges.ApplyAsync(db, customer.Phone, ConsentStatus.OptedOut, "the provider refused a text",
                        $"The provider refused message {message.Id}: the number has opted out", now, consentChanged, cancellationToken, customer);
                }

                break;
        }
    }

    /// <summary>Nothing due now: sleep until the next due message (briefly in-process, else as a scheduled job), or finish.</summary>
    private async Task<(CampaignRunOutcome Outcome, DateTime At)> WaitOrCompleteAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = db.Messages.Where(m => m.CampaignId == campaignId);
        var nextScheduled = await pending.Where(m => m.Status == MessageStatus.Scheduled).MinAsync(m => m.SendAt, cancellationToken);
        var nextRetry = await pending.Where(m => m.Status == MessageStatus.Retrying).MinAsync(m => m.NextAttemptAt, cancellationToken);
        var next = new[] { nextScheduled, nextRetry }.Where(d => d is not null).Min();
        if (next is { } at)
        {
            jobs.ScheduleCampaignRun(campaignId, at);
            await PublishProgressAsync(await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == campaignId, cancellationToken), cancellationToken);
            return (CampaignRunOutcome.Waiting, at);
        }

        if (await pending.AnyAsync(m => m.Status == MessageStatus.Sending, cancellationToken))
        {
            // Left in Sending by a runner that died: the sweep settles them, then the campaign completes.
            var later = Now + sendingOptions.Value.StuckSendingAfter;
            jobs.ScheduleCampaignRun(campaignId, later);
            return (CampaignRunOutcome.Waiting, later);
        }

        var campaign = await db.Campaigns.FirstAsync(c => c.Id == campaignId, cancellationToken);
        if (!campaign.CanSend)
        {
            return (CampaignRunOutcome.NotRunning, Now);
        }

        campaign.Status = CampaignStatus.Completed;
        campaign.CompletedAt = Now;
        campaign.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (CampaignRunOutcome.NotRunning, Now);
        }

        logger.LogInformation("Campaign {CampaignId} completed", campaignId);
        await PublishProgressAsync(campaign, cancellationToken);
        return (CampaignRunOutcome.Completed, Now);
    }

    private async Task<bool> TryTakeLeaseAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null || !campaign.CanSend)
        {
            return false;
        }

        if (campaign.RunnerLeaseUntil is { } held && held > Now)
        {
            // Another runner holds it, or held it when its process died: look again when the lease runs out.
            jobs.ScheduleCampaignRun(campaignId, held);
            return false;
        }

        campaign.RunnerLeaseUntil = Now + options.Value.Lease;
        campaign.RunnerId = runnerId;
        campaign.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private async Task ReleaseLeaseAsync(Guid campaignId)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId);
            if (campaign?.RunnerLeaseUntil is null || campaign.RunnerId != runnerId)
            {
                return; // Not ours (any more): another runner took over after our lease ran out.
            }

            campaign.RunnerLeaseUntil = null;
            campaign.RunnerId = null;
            campaign.Revision++;
            try
            {
                await db.SaveChangesAsync();
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A pause or cancel landed meanwhile; read it and release again.
            }
        }
    }

    private DateTime lastProgressAt = DateTime.MinValue;

    private async Task PublishProgressAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        lastProgressAt = Now;
        var counts = await progress.ReadAsync(campaign.Id, cancellationToken);
        await notifier.PublishAsync(ConversationEvent.CampaignProgressed(campaign.DepartmentId, counts), cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
