using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Infrastructure.Campaigns;
using Portal.Infrastructure.Jobs;

namespace Portal.Tests.Infrastructure.Campaigns;

public partial class CampaignEngineTests
{
    [Fact]
    public async Task A_runner_killed_after_its_claim_never_causes_a_second_text_and_the_rest_still_go()
    {
        var id = await c.ScheduleAsync(c.Input(perMinute: 120));
        await c.DrainAsync(id, steps: 2); // Four texts went out.
        // A runner claimed two more, then its process died before calling the provider or recording anything.
        var orphaned = (await c.MessagesAsync(id)).Where(m => m.Status == MessageStatus.Scheduled).Take(2).Select(m => m.Id).ToList();
        await using (var db = c.H.Database.CreateDbContext())
        {
            foreach (var message in await db.Messages.Where(m => orphaned.Contains(m.Id)).ToListAsync())
            {
                message.MoveTo(MessageStatus.Sending, Now);
                message.Attempts = 1;
            }

            (await db.Campaigns.SingleAsync()).TakeLease(Guid.NewGuid(), Now.AddMinutes(2)); // The dead runner's lease.
            await db.SaveChangesAsync();
        }

        // The restart: the sweep runs once the stuck time has passed; its lease long gone, the campaign is woken.
        c.H.Clock.Advance(c.H.Options.StuckSendingAfter + TimeSpan.FromMinutes(1));
        var sweep = new PendingMessagesSweep(c.H.Database, c.H.Jobs, c.H.Interrupted, Microsoft.Extensions.Options.Options.Create(c.H.Options), c.H.Clock, NullLogger<PendingMessagesSweep>.Instance);
        var (rescheduled, interrupted) = await sweep.RunAsync(SweepMode.Restart, CancellationToken.None);
        Assert.Equal((0, 2), (rescheduled, interrupted));
        Assert.Contains(c.H.Jobs.CampaignRuns, r => r.CampaignId == id && r.At == Now);
        Assert.Empty(c.H.Jobs.Sends); // No per-message jobs for campaign texts.

        var steps = await c.DrainAsync(id);

        Assert.Equal(CampaignRunOutcome.Completed, steps[^1].Outcome);
        var texted = c.TextedNumbers();
        Assert.Equal(texted.Count, texted.Distinct().Count());
        Assert.Equal(10, texted.Count);
        var messages = await c.MessagesAsync(id);
        Assert.Equal(10, messages.Count(m => m.Status == MessageStatus.Sent));
        // Surge cannot be asked whether an interrupted call reached it: a person decides.
        Assert.All(messages.Where(m => orphaned.Contains(m.Id)), m => Assert.Equal(FailureReason.OutcomeUnknown, m.FailureReason));
        Assert.Equal(2, (await c.Progress.ReadAsync(id)).NeedsAttention);
    }

    [Fact]
    public async Task Two_runners_at_once_never_text_anyone_twice()
    {
        var id = await c.ScheduleAsync(c.Input(perMinute: 6000));

        await Task.WhenAll(c.DrainAsync(id, c.Runner()), c.DrainAsync(id, c.Runner()));
        await c.DrainAsync(id);

        var texted = c.TextedNumbers();
        Assert.Equal(12, texted.Count);
        Assert.Equal(12, texted.Distinct().Count());
    }

    [Fact]
    public async Task A_manager_cannot_schedule_or_read_another_departments_campaign()
    {
        var id = await c.Service.SaveDraftAsync(c.Manager, null, c.Input(), c.H.Actor);
        var other = DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [Guid.NewGuid()]);

        await Assert.ThrowsAsync<AccessDeniedException>(() => c.Service.ScheduleAsync(other, id, c.H.Actor));
        await Assert.ThrowsAsync<AccessDeniedException>(() => c.Service.GetProgressAsync(other, id));
        Assert.Empty(await c.Service.ListAsync(other));
        Assert.Single(await c.Service.ListAsync(c.Manager));
    }

    [Fact]
    public async Task Results_count_replies_and_opt_outs_after_the_campaign_per_variant()
    {
        var input = c.Input();
        input.Variants = [new VariantInput { Body = "A: hi {{ customer.first_name }}", Percent = 50 }, new VariantInput { Body = "B: hello {{ customer.first_name }}", Percent = 50 }];
        var id = await c.ScheduleAsync(input);
        await c.DrainAsync(id);
        c.H.Clock.Advance(TimeSpan.FromMinutes(5));
        var messages = await c.MessagesAsync(id);
        var replier = messages[0];
        await using (var db = c.H.Database.CreateDbContext())
        {
            db.Messages.Add(Message.Create(replier.ThreadId, MessageDirection.Inbound, MessageKind.Text, "Interested!", MessageStatus.Received, Now));
            var thread = await db.Threads.SingleAsync(t => t.Id == messages[1].ThreadId);
            var stopper = await db.Customers.SingleAsync(x => x.Id == thread.CustomerId);
            stopper.Consent = ConsentStatus.OptedOut;
            stopper.ConsentChangedAt = Now;
            await db.SaveChangesAsync();
        }

        var results = await c.Service.GetResultsAsync(c.Manager, id);

        Assert.Equal(12, results.Recipients.Count);
        Assert.True(results.Recipients.Single(r => r.MessageId == replier.Id).Replied);
        Assert.True(results.Recipients.Single(r => r.MessageId == messages[1].Id).OptedOutAfter);
        Assert.Equal(12, results.Variants.Sum(v => v.Recipients));
        Assert.All(results.Variants, v => Assert.Contains(v.Variant, new[] { "A", "B" }));
        Assert.Equal(1, results.Variants.Sum(v => v.Replied));
        Assert.Equal((1, 1), (results.Progress.Replied, results.Progress.OptedOut));
        Assert.Equal(12, results.Timeline.Sum(p => p.Sent));
        Assert.Equal(1, results.Timeline.Sum(p => p.Replied));
        Assert.All(messages, m => Assert.StartsWith(m.CampaignVariant + ":", m.Body));
    }

    [Fact]
    public async Task A_pasted_list_of_numbers_limits_the_audience_and_a_bad_number_is_named()
    {
        var input = c.Input();
        input.Audience.Phones = ["(773) 555-0100", "7735550101 ", "+1 312 555 0199"];

        var preview = await c.Service.PreviewAsync(c.Manager, input, c.H.Actor);

        Assert.Equal(2, preview.Recipients);
        Assert.Equal(["+17735550100", "+17735550101", "+13125550199"], input.Audience.Phones);
        input.Audience.Phones = ["7735550100", "12"];
        var bad = await Assert.ThrowsAsync<ValidationException>(() => c.Service.PreviewAsync(c.Manager, input, c.H.Actor));
        Assert.Contains("12", bad.Errors["Audience.Phones"][0]);
    }

    [Fact]
    public async Task A_disabled_provider_account_pauses_the_campaign_and_fails_nobody()
    {
        var id = await c.ScheduleAsync();
        await using (var db = c.H.Database.CreateDbContext())
        {
            (await db.ProviderAccounts.SingleAsync()).Enabled = false;
            await db.SaveChangesAsync();
        }

        var step = await c.Runner().StepAsync(id);

        Assert.Equal(CampaignRunOutcome.NotRunning, step.Outcome);
        Assert.Equal(CampaignStatus.Paused, (await c.Progress.ReadAsync(id)).Status);
        Assert.All(await c.MessagesAsync(id), m => Assert.Equal(MessageStatus.Scheduled, m.Status));
        Assert.Empty(c.Surge.Requests);
    }

    [Fact]
    public async Task A_campaign_text_handed_to_the_single_send_job_is_left_to_its_campaign_runner()
    {
        var id = await c.ScheduleAsync();
        var message = (await c.MessagesAsync(id))[0];

        var outcome = await c.H.Dispatcher.DispatchAsync(message.Id);

        Assert.Equal(Portal.Infrastructure.Sending.DispatchOutcome.Skipped, outcome);
        Assert.Equal(MessageStatus.Scheduled, (await c.H.ReloadAsync(message.Id)).Status);
        Assert.Contains(c.H.Jobs.CampaignRuns, r => r.CampaignId == id && r.At == Now);
        Assert.Empty(c.Surge.Requests);
    }

    [Fact]
    public async Task A_second_runner_leaves_a_campaign_whose_lease_another_holds_and_looks_again_when_it_runs_out()
    {
        var id = await c.ScheduleAsync(c.Input(perMinute: 120));
        var first = c.Runner();
        Assert.Equal(2, (await first.StepAsync(id)).Claimed);
        c.H.Clock.Advance(TimeSpan.FromSeconds(1));

        var second = await c.Runner().RunAsync(id);

        Assert.Equal(CampaignRunOutcome.NotRunning, second);
        Assert.Contains(c.H.Jobs.CampaignRuns, r => r.CampaignId == id && r.At > Now);
        Assert.Equal(2, c.TextedNumbers().Count);
        Assert.Equal(2, (await first.StepAsync(id)).Claimed);
    }

    private async Task<Dictionary<Guid, Guid>> ThreadCustomersAsync()
    {
        await using var db = c.H.Database.CreateDbContext();
        return await db.Threads.ToDictionaryAsync(t => t.Id, t => t.CustomerId);
    }

    [Fact]
    public async Task A_batch_waiting_on_its_provider_keeps_the_short_lease_and_a_dead_runners_lease_runs_out_within_a_minute()
    {
        Assert.True(new CampaignOptions().Lease <= TimeSpan.FromMinutes(1));
        var id = await c.ScheduleAsync(c.Input(perMinute: 120));
        var lease = new CampaignLease(c.H.Database, c.H.Jobs, Microsoft.Extensions.Options.Options.Create(c.Options), c.H.Clock, NullLogger.Instance);
        Assert.True(await lease.TryTakeAsync(id, CancellationToken.None));
        var takenUntil = await LeaseUntilAsync(id);
        var providerAnswers = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var batch = lease.HoldWhileAsync(id, () => providerAnswers.Task);
        var renewedUntil = takenUntil;
        for (var beat = 0; beat < 6 && renewedUntil <= takenUntil; beat++)
        {
            c.H.Clock.Advance(c.Options.Lease / 3);
            renewedUntil = await Support.Eventually.ValueAsync(() => LeaseUntilAsync(id), until => until > takenUntil, TimeSpan.FromSeconds(2));
        }

        providerAnswers.SetResult(7);

        Assert.Equal(7, await batch);
        Assert.True(renewedUntil > takenUntil, "The lease was not renewed while the batch waited.");
        Assert.True(renewedUntil - Now <= c.Options.Lease);
    }

    private async Task<DateTime> LeaseUntilAsync(Guid id)
    {
        await using var db = c.H.Database.CreateDbContext();
        return (await db.Campaigns.AsNoTracking().SingleAsync(x => x.Id == id)).RunnerLeaseUntil ?? DateTime.MinValue;
    }

    [Fact]
    public async Task A_pause_saved_after_a_claim_read_the_campaign_makes_the_claim_lose_even_at_the_same_instant()
    {
        var id = await c.ScheduleAsync(c.Input(perMinute: 120));
        var lease = new CampaignLease(c.H.Database, c.H.Jobs, Microsoft.Extensions.Options.Options.Create(c.Options), c.H.Clock, NullLogger.Instance);
        Assert.True(await lease.TryTakeAsync(id, CancellationToken.None));
        await using (var first = c.H.Database.CreateDbContext())
        {
            // A first batch: the campaign is Running and its lease renewed at this instant.
            var running = await first.Campaigns.SingleAsync(x => x.Id == id);
            var sales = await first.Departments.AsNoTracking().SingleAsync(d => d.Id == running.DepartmentId);
            Assert.NotNull(await CampaignBatchClaimer.ClaimAsync(first, running, sales, 1, lease, Now, NullLogger.Instance, CancellationToken.None));
        }

        await using var db = c.H.Database.CreateDbContext();
        var campaign = await db.Campaigns.SingleAsync(x => x.Id == id);
        var department = await db.Departments.AsNoTracking().SingleAsync(d => d.Id == campaign.DepartmentId);
        var scheduledBefore = (await c.MessagesAsync(id)).Count(m => m.Status == MessageStatus.Scheduled);

        await c.Service.PauseAsync(c.Manager, id);
        // The clock has not moved since the lease was taken: renewing it changes nothing on the row by itself.
        var batch = await CampaignBatchClaimer.ClaimAsync(db, campaign, department, 5, lease, Now, NullLogger.Instance, CancellationToken.None);

        Assert.Null(batch);
        Assert.Equal(scheduledBefore, (await c.MessagesAsync(id)).Count(m => m.Status == MessageStatus.Scheduled));
    }
}
