using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Sending;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure;

public sealed class SendingPipelineTests : IAsyncLifetime
{
    private FakeProviderServer surge = default!;
    private SendingHarness h = default!;

    public async Task InitializeAsync()
    {
        surge = await FakeProviderServer.SurgeAcceptingAsync();
        h = await SendingHarness.CreateAsync(SurgeModule.Kind, surge.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await surge.DisposeAsync();
    }

    [Fact]
    public async Task A_message_is_persisted_as_queued_before_its_job_is_enqueued_by_id()
    {
        var message = await h.QueueAsync();

        var job = Assert.Single(h.Jobs.Sends);
        Assert.Equal(message.Id, job.MessageId);
        Assert.Null(job.At);
        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Queued, stored.Status);
        Assert.Equal(job.JobId, stored.JobId);
        Assert.Equal(h.Account.Id, stored.ProviderAccountId);
        Assert.Empty(surge.Requests);
    }

    [Fact]
    public async Task A_job_run_twice_sends_once()
    {
        var message = await h.QueueAsync();

        var first = await h.Dispatcher.DispatchAsync(message.Id);
        var second = await h.Dispatcher.DispatchAsync(message.Id);

        Assert.Equal(DispatchOutcome.Sent, first);
        Assert.Equal(DispatchOutcome.Skipped, second);
        Assert.Single(surge.Sends());
    }

    [Fact]
    public async Task Two_workers_at_once_send_once()
    {
        surge.Default(_ => new FakeResponse(201, $"{{\"id\":\"msg_{Guid.NewGuid():N}\"}}", Delay: TimeSpan.FromMilliseconds(300)));
        var message = await h.QueueAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => h.Dispatcher.DispatchAsync(message.Id))));

        Assert.Single(surge.Sends());
        Assert.Equal(1, outcomes.Count(o => o == DispatchOutcome.Sent));
        Assert.Equal(3, outcomes.Count(o => o == DispatchOutcome.Skipped));
        Assert.Equal(1, (await h.ReloadAsync(message.Id)).Attempts);
    }

    [Fact]
    public async Task A_send_to_an_opted_out_customer_is_refused_before_any_provider_call()
    {
        await SetConsentAsync(ConsentStatus.OptedOut);

        await Assert.ThrowsAsync<CustomerOptedOutException>(() => h.QueueAsync());

        await using var db = h.Database.CreateDbContext();
        Assert.False(await db.Messages.AnyAsync(m => m.Direction == MessageDirection.Outbound));
        Assert.Empty(h.Jobs.Sends);
        Assert.Empty(surge.Requests);
    }

    [Fact]
    public async Task A_customer_who_opts_out_before_the_job_runs_is_not_texted()
    {
        var message = await h.QueueAsync();
        await SetConsentAsync(ConsentStatus.OptedOut);

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.OptedOut, stored.FailureReason);
        Assert.Equal(0, stored.Attempts);
        Assert.Empty(surge.Requests);
    }

    [Fact]
    public async Task A_number_whose_ledger_has_a_stop_is_not_texted_whatever_its_record_shows()
    {
        // The number texted STOP (before its record got this number, say): the ledger says so, the record does not.
        await h.Database.SeedAsync(DataBuilder.Stop(h.Customer.Phone!, h.Clock.GetUtcNow().UtcDateTime.AddDays(-1)));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.OptedOut, stored.FailureReason);
        Assert.Empty(surge.Requests);
    }

    [Fact]
    public async Task A_reply_to_a_short_code_or_a_sender_name_is_refused_with_the_reason()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == h.Customer.Id);
            customer.Phone = "ACMEAUTO";
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<Portal.Core.Common.ValidationException>(() => h.QueueAsync());

        Assert.Contains("cannot receive texts", refused.Message + string.Join(" ", refused.Errors.Values.SelectMany(v => v)));
        Assert.Empty(surge.Requests);
    }

    [Fact]
    public async Task A_persons_reply_outside_sending_hours_asks_for_confirmation()
    {
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero)); // 22:30 in Chicago

        var refused = await Assert.ThrowsAsync<OutsideSendingHoursException>(() => h.QueueAsync());
        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc), refused.NextWindowUtc); // 08:00 Chicago

        var confirmed = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Sorry for the late reply", ConfirmOutsideSendingHours: true), h.Actor);
        Assert.Equal(MessageStatus.Queued, confirmed.Status);
    }

    [Fact]
    public async Task An_automated_message_is_held_to_the_next_opening_of_the_sending_hours()
    {
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero)); // 22:30 in Chicago

        var message = await h.QueueAsync("Service reminder", automated: true);

        Assert.Equal(MessageStatus.Scheduled, message.Status);
        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc), message.SendAt);
        Assert.Equal(message.SendAt, h.Jobs.Sends.Single().At);
    }

    [Fact]
    public async Task An_automated_message_that_comes_due_outside_hours_waits_for_the_window()
    {
        var message = await h.QueueAsync("Service reminder", automated: true);
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero)); // the job ran late, at 22:30 Chicago

        var outcome = await h.Dispatcher.DispatchAsync(message.Id);

        Assert.Equal(DispatchOutcome.Rescheduled, outcome);
        Assert.Empty(surge.Requests);
        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc), (await h.ReloadAsync(message.Id)).SendAt);
    }

    [Fact]
    public async Task A_scheduled_message_never_goes_early_and_can_be_canceled_or_moved_before_it_starts()
    {
        var at = SendingHarness.Start.AddHours(2);
        var message = await h.QueueAsync("Later", sendAt: at);
        Assert.Equal(MessageStatus.Scheduled, message.Status);
        Assert.Equal(at, h.Jobs.Sends.Single().At);

        // A job that fires an hour early does nothing but reschedule itself.
        Assert.Equal(DispatchOutcome.Rescheduled, await h.Dispatcher.DispatchAsync(message.Id));
        Assert.Empty(surge.Requests);

        var later = at.AddHours(1);
        await h.Outbound.RescheduleAsync(h.Scope, message.Id, later);
        Assert.Equal(later, (await h.ReloadAsync(message.Id)).SendAt);
        Assert.Contains(h.Jobs.Sends, j => j.MessageId == message.Id && j.At == later);

        await h.Outbound.CancelAsync(h.Scope, message.Id, h.Actor);
        h.Clock.SetUtcNow(later.AddMinutes(1));
        Assert.Equal(DispatchOutcome.Skipped, await h.Dispatcher.DispatchAsync(message.Id));
        Assert.Equal(MessageStatus.Canceled, (await h.ReloadAsync(message.Id)).Status);
        Assert.Empty(surge.Requests);
    }

    [Fact]
    public async Task A_message_that_has_gone_cannot_be_canceled()
    {
        var message = await h.QueueAsync();
        await h.Dispatcher.DispatchAsync(message.Id);

        await Assert.ThrowsAsync<DomainException>(() => h.Outbound.CancelAsync(h.Scope, message.Id, h.Actor));
        Assert.Equal(MessageStatus.Sent, (await h.ReloadAsync(message.Id)).Status);
    }

    [Fact]
    public async Task Empty_and_overlong_texts_are_refused_and_nothing_is_saved()
    {
        await Assert.ThrowsAsync<ValidationException>(() => h.QueueAsync("   "));
        await Assert.ThrowsAsync<ValidationException>(() => h.QueueAsync(new string('x', MessageBodyLimits.MaxTextLength + 1)));

        await using var db = h.Database.CreateDbContext();
        Assert.False(await db.Messages.AnyAsync(m => m.Direction == MessageDirection.Outbound));
    }

    [Fact]
    public async Task The_same_idempotency_key_queues_once()
    {
        var first = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Hi", IdempotencyKey: "dms-123"), h.Actor);
        var again = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Hi", IdempotencyKey: "dms-123"), h.Actor);

        Assert.Equal(first.Id, again.Id);
        Assert.Single(h.Jobs.Sends);
    }

    [Fact]
    public async Task The_sweep_gives_orphaned_messages_a_job_and_flags_interrupted_sends()
    {
        var orphan = await h.QueueAsync("Lost its job");
        var scheduled = await h.QueueAsync("Later", sendAt: SendingHarness.Start.AddHours(1));
        h.Jobs.Delete(h.Jobs.Sends.First(j => j.MessageId == orphan.Id).JobId);
        h.Jobs.Delete(h.Jobs.Sends.First(j => j.MessageId == scheduled.Id).JobId);
        var interrupted = await h.QueueAsync("Claimed then the host died");
        await MarkSendingAsync(interrupted.Id);
        h.Clock.Advance(h.Options.StuckSendingAfter + TimeSpan.FromSeconds(1));

        var sweep = new PendingMessagesSweep(h.Database, h.Jobs, h.Interrupted, Microsoft.Extensions.Options.Options.Create(h.Options), h.Clock, NullLogger<PendingMessagesSweep>.Instance);
        var (rescheduled, flagged) = await sweep.RunAsync(SweepMode.Restart, CancellationToken.None);

        Assert.Equal(2, rescheduled);
        Assert.Equal(1, flagged);
        Assert.Contains(h.Jobs.Sends, j => j.MessageId == scheduled.Id && j.At == SendingHarness.Start.AddHours(1));
        var stuck = await h.ReloadAsync(interrupted.Id);
        Assert.Equal(MessageStatus.Failed, stuck.Status);
        Assert.Equal(FailureReason.OutcomeUnknown, stuck.FailureReason);
        Assert.Empty(surge.Requests);

        // The periodic sweep finds nothing more to do.
        Assert.Equal((0, 0), await sweep.RunAsync(SweepMode.Periodic, CancellationToken.None));
    }

    [Fact]
    public async Task A_message_whose_job_failed_every_retry_is_failed_not_retried_forever()
    {
        var message = await h.QueueAsync("Never reaches the provider");
        var job = h.Jobs.Sends.Single(j => j.MessageId == message.Id).JobId;
        h.Jobs.Live[job] = false;
        h.Jobs.Failed.Add(job);
        h.Clock.Advance(PendingMessagesSweep.Grace + TimeSpan.FromSeconds(1));
        var sweep = new PendingMessagesSweep(h.Database, h.Jobs, h.Interrupted, Microsoft.Extensions.Options.Options.Create(h.Options), h.Clock, NullLogger<PendingMessagesSweep>.Instance);

        var (rescheduled, _) = await sweep.RunAsync(SweepMode.Periodic, CancellationToken.None);

        Assert.Equal(0, rescheduled);
        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Contains("was not sent", stored.FailureDetail);
        Assert.Empty(surge.Requests);
    }

    private async Task SetConsentAsync(ConsentStatus consent)
    {
        await using var db = h.Database.CreateDbContext();
        (await db.Customers.FindAsync(h.Customer.Id))!.Consent = consent;
        await db.SaveChangesAsync();
    }

    private async Task MarkSendingAsync(Guid messageId)
    {
        await using var db = h.Database.CreateDbContext();
        var message = await db.Messages.SingleAsync(m => m.Id == messageId);
        message.MoveTo(MessageStatus.Sending, h.Clock.GetUtcNow().UtcDateTime);
        message.Attempts = 1;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_reply_scheduled_outside_sending_hours_names_the_picked_time_not_the_present()
    {
        // 15:00 in Chicago now; the reply is scheduled for 23:00 tonight.
        var tonight = SendingHarness.Start.AddHours(8);

        var refused = await Assert.ThrowsAsync<Portal.Core.Sending.OutsideSendingHoursException>(() => h.QueueAsync(sendAt: tonight));

        // Ana's 312 number is in Chicago, as the department is: one clock, said once.
        Assert.Equal("11:00 PM in Chicago for Ana is outside the department's sending hours.", refused.Message);
        Assert.Equal(0, await h.Database.CreateDbContext().Messages.CountAsync(m => m.ThreadId == h.Thread.Id && m.Direction == MessageDirection.Outbound));
    }
}
