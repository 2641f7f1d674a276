using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Campaigns;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Campaigns;

public sealed partial class CampaignEngineTests : IAsyncLifetime
{
    private CampaignHarness c = default!;

    public async Task InitializeAsync() => c = await CampaignHarness.CreateAsync(leads: 12);

    public async Task DisposeAsync() => await c.DisposeAsync();

    private DateTime Now => c.H.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Scheduling_creates_one_scheduled_message_per_recipient_in_their_own_thread_and_sends_nothing()
    {
        var id = await c.ScheduleAsync();

        var messages = await c.MessagesAsync(id);
        Assert.Equal(12, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal(MessageStatus.Scheduled, m.Status);
            Assert.Equal(AuthorType.Campaign, m.AuthorType);
            Assert.True(m.IsAutomated);
            Assert.Null(m.JobId);
            Assert.Equal(Now, m.SendAt);
        });
        // A marketing text says how to stop: the department's line (the default here) on its own line.
        Assert.Contains(messages, m => m.Body == "Hi Lead000, the 2025 RAV4 is in.\nReply STOP to opt out.");
        Assert.All(messages, m => Assert.True(m.CarriesOptOutLine));
        await using var db = c.H.Database.CreateDbContext();
        var threads = await db.Threads.Where(t => messages.Select(m => m.ThreadId).Contains(t.Id)).ToListAsync();
        Assert.Equal(12, threads.Select(t => t.CustomerId).Distinct().Count());
        // New conversations wait closed: the customer's reply opens them in the inbox.
        Assert.All(threads, t => Assert.Equal(ThreadStatus.Closed, t.Status));
        Assert.Equal(CampaignStatus.Scheduled, (await db.Campaigns.SingleAsync()).Status);
        Assert.Contains(c.H.Jobs.CampaignRuns, r => r.CampaignId == id);
        Assert.Empty(c.Surge.Requests);
    }

    [Fact]
    public async Task The_runner_texts_every_recipient_once_and_completes_the_campaign()
    {
        var id = await c.ScheduleAsync(c.Input(perMinute: 600));

        var steps = await c.DrainAsync(id);
        // A second runner arriving late finds nothing to do.
        await c.DrainAsync(id);

        Assert.Equal(CampaignRunOutcome.Completed, steps[^1].Outcome);
        var texted = c.TextedNumbers();
        Assert.Equal(12, texted.Count);
        Assert.Equal(12, texted.Distinct().Count());
        Assert.All(await c.MessagesAsync(id), m => Assert.Equal(MessageStatus.Sent, m.Status));
        var progress = await c.Progress.ReadAsync(id);
        Assert.Equal((CampaignStatus.Completed, 12, 12, 0), (progress.Status, progress.Recipients, progress.Sent, progress.Scheduled));
    }

    [Fact]
    public async Task Batches_are_spaced_by_the_throttle()
    {
        // 120 a minute with one-second batches: two texts, then the next batch one second later.
        var id = await c.ScheduleAsync(c.Input(perMinute: 120));
        var started = Now;

        var steps = await c.DrainAsync(id);

        var batches = steps.Where(s => s.Outcome is null && s.Claimed > 0).ToList();
        Assert.Equal(6, batches.Count);
        Assert.All(batches, b => Assert.Equal(2, b.Claimed));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => started.AddSeconds(i)), batches.Select(b => b.NextBatchAt));
        Assert.Equal(12, c.TextedNumbers().Count);
    }

    [Fact]
    public async Task Texts_wait_for_each_recipients_window_across_midnight_and_time_zones()
    {
        // 20:55 in Chicago, one text a minute: five go before the 21:00 close, the rest wait for the morning.
        c.H.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 2, 55, 0, TimeSpan.Zero));
        await using (var db = c.H.Database.CreateDbContext())
        {
            var leads = await db.Customers.Where(x => x.Tags.Contains("spring-event")).OrderBy(x => x.FirstName).ToListAsync();
            leads[0].TimeZoneId = "America/New_York";    // 21:55 there: not tonight
            leads[1].TimeZoneId = "America/Los_Angeles"; // 18:55 there: tonight
            await db.SaveChangesAsync();
        }

        var id = await c.ScheduleAsync(c.Input(perMinute: 1));
        var newYork = c.Leads[0].Phone;
        var messages = await c.MessagesAsync(id);
        var byThread = await ThreadCustomersAsync();
        var nyMessage = messages.Single(m => byThread[m.ThreadId] == c.Leads[0].Id);
        Assert.Equal(new DateTime(2026, 11, 24, 13, 0, 0, DateTimeKind.Utc), nyMessage.SendAt); // 8:00 in New York

        await c.DrainAsync(id, steps: 2000);

        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var sent = await c.MessagesAsync(id);
        Assert.All(sent, m => Assert.Equal(MessageStatus.Sent, m.Status));
        foreach (var m in sent)
        {
            var customer = c.Leads.Single(l => l.Id == byThread[m.ThreadId]);
            var zone = customer == c.Leads[0] ? TimeZoneInfo.FindSystemTimeZoneById("America/New_York")
                : customer == c.Leads[1] ? TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")
                : chicago;
            var local = TimeZoneInfo.ConvertTimeFromUtc(m.SentAt!.Value, zone);
            Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(8), TimeSpan.FromHours(21));
        }

        // Some Chicago texts went before 21:00, the rest after 8:00 the next morning.
        Assert.Contains(sent, m => m.SentAt < new DateTime(2026, 11, 24, 3, 0, 0, DateTimeKind.Utc));
        Assert.Contains(sent, m => m.SentAt >= new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc));
        Assert.Equal(12, c.TextedNumbers().Distinct().Count());
        Assert.Contains(newYork!, c.TextedNumbers());
    }

    [Fact]
    public async Task Pause_stops_sending_resume_finishes_and_cancel_stops_what_has_not_gone()
    {
        var id = await c.ScheduleAsync(c.Input(perMinute: 120));
        var runner = c.Runner();
        Assert.Equal(2, (await runner.StepAsync(id)).Claimed);

        await c.Service.PauseAsync(c.Manager, id);
        Assert.Equal(CampaignRunOutcome.NotRunning, (await runner.StepAsync(id)).Outcome);
        Assert.Equal(2, c.TextedNumbers().Count);

        await c.Service.ResumeAsync(c.Manager, id);
        c.H.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await runner.StepAsync(id)).Claimed);

        await c.Service.CancelAsync(c.Manager, id);
        c.H.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CampaignRunOutcome.NotRunning, (await runner.StepAsync(id)).Outcome);

        Assert.Equal(4, c.TextedNumbers().Count);
        var messages = await c.MessagesAsync(id);
        Assert.Equal(4, messages.Count(m => m.Status == MessageStatus.Sent));
        Assert.Equal(8, messages.Count(m => m.Status == MessageStatus.Canceled));
        await Assert.ThrowsAsync<DomainException>(() => c.Service.ResumeAsync(c.Manager, id));
    }

    [Fact]
    public async Task A_recipient_who_opts_out_after_scheduling_is_not_texted_and_the_rest_are()
    {
        var id = await c.ScheduleAsync();
        await using (var db = c.H.Database.CreateDbContext())
        {
            // The number's ledger alone: the record still shows its old consent.
            db.ConsentEntries.Add(DataBuilder.Stop(c.Leads[3].Phone!, Now));
            await db.SaveChangesAsync();
        }

        await c.DrainAsync(id);

        Assert.DoesNotContain(c.Leads[3].Phone!, c.TextedNumbers());
        Assert.Equal(11, c.TextedNumbers().Count);
        var failed = Assert.Single(await c.MessagesAsync(id), m => m.Status == MessageStatus.Failed);
        Assert.Equal(FailureReason.OptedOut, failed.FailureReason);
    }

    [Fact]
    public async Task A_provider_refusal_for_one_number_fails_that_text_only()
    {
        var bad = c.Leads[5].Phone![1..];
        c.Surge.Default(r => r.Body.Contains(bad)
            ? new FakeResponse(422, "{\"error\":{\"type\":\"invalid_mobile_number\",\"message\":\"not a mobile number\"}}")
            : new FakeResponse(201, $"{{\"id\":\"msg_{Guid.NewGuid():N}\"}}"));
        var id = await c.ScheduleAsync();

        var steps = await c.DrainAsync(id);

        Assert.Equal(CampaignRunOutcome.Completed, steps[^1].Outcome);
        var messages = await c.MessagesAsync(id);
        Assert.Equal(11, messages.Count(m => m.Status == MessageStatus.Sent));
        Assert.Equal(FailureReason.InvalidPhoneNumber, messages.Single(m => m.Status == MessageStatus.Failed).FailureReason);
    }
}
