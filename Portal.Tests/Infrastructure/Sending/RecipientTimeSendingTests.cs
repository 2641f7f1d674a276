using Portal.Core.Sending;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Sending;

/// <summary>
/// The sending window through the send path itself, for a Chicago department (8:00–21:00) and Ana, whose Chicago number
/// now belongs to someone living in Honolulu: a person's reply, and an automated text, are judged by Ana's clock.
/// </summary>
public sealed class RecipientTimeSendingTests : IAsyncLifetime
{
    private FakeProviderServer surge = default!;
    private SendingHarness h = default!;

    public async Task InitializeAsync()
    {
        surge = await FakeProviderServer.SurgeAcceptingAsync();
        h = await SendingHarness.CreateAsync(SurgeModule.Kind, surge.BaseUrl);
        await using var db = h.Database.CreateDbContext();
        (await db.Customers.FindAsync(h.Customer.Id))!.TimeZoneId = "Pacific/Honolulu";
        (await db.Departments.FindAsync(h.Department.Id))!.SendingHours = new Portal.Core.Departments.SendingHours(new TimeOnly(8, 0), new TimeOnly(21, 0));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await surge.DisposeAsync();
    }

    [Fact]
    public async Task At_932_PM_in_Chicago_a_reply_to_a_customer_in_Honolulu_goes_without_a_warning()
    {
        // Monday 23 November, 21:32 in Chicago: 17:32 in Honolulu.
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 3, 32, 0, TimeSpan.Zero));

        var sent = await h.QueueAsync("Yes, we have it");

        Assert.Null(sent.SendAt);
    }

    [Fact]
    public async Task At_10_AM_in_Chicago_a_reply_is_stopped_with_the_customers_6_AM_and_offered_their_8_AM()
    {
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero));

        var refused = await Assert.ThrowsAsync<OutsideSendingHoursException>(() => h.QueueAsync("Good morning"));

        Assert.Equal("It is 6:00 AM in Honolulu for Ana (10:00 AM here), outside the department's sending hours.", refused.Message);
        Assert.Equal(new DateTime(2026, 11, 24, 18, 0, 0, DateTimeKind.Utc), refused.NextWindowUtc);
        Assert.Equal("8:00 AM in Honolulu", refused.NextWindowForCustomer);
    }

    [Fact]
    public async Task An_automated_text_at_10_AM_in_Chicago_waits_for_the_customers_8_AM()
    {
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero));

        var held = await h.QueueAsync("Your appointment is tomorrow", automated: true);

        Assert.Equal(new DateTime(2026, 11, 24, 18, 0, 0, DateTimeKind.Utc), held.SendAt);
    }

    [Fact]
    public async Task An_automated_answer_to_the_customers_text_of_a_moment_ago_goes_now_and_one_claiming_to_be_a_reply_without_it_is_refused()
    {
        var now = new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc);
        h.Clock.SetUtcNow(now);
        await SetLastTextAsync(now.AddMinutes(-10));
        ComposeRequest Reply(string body) => new(body, Automated: true, AuthorType: Portal.Core.Messages.AuthorType.Api, IsReply: true);

        var stale = await Assert.ThrowsAsync<Portal.Core.Common.ValidationException>(() => h.Outbound.QueueAsync(h.Scope, h.Thread.Id, Reply("Thanks!"), h.Actor));
        Assert.Contains(nameof(ComposeRequest.IsReply), stale.Errors.Keys);

        await SetLastTextAsync(now.AddMinutes(-2));
        var reply = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, Reply("Thanks, we open at 8"), h.Actor);
        Assert.Null(reply.SendAt);
    }

    private async Task SetLastTextAsync(DateTime at)
    {
        await using var db = h.Database.CreateDbContext();
        (await db.Threads.FindAsync(h.Thread.Id))!.LastInboundAt = at;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task An_automated_text_whose_customer_moved_before_it_went_is_held_by_the_send_job_to_their_new_8_AM()
    {
        // 18:30 UTC: 8:30 AM in Honolulu, so the automated text is queued to go now.
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero));
        var queued = await h.QueueAsync("Your appointment is tomorrow", automated: true);
        Assert.Null(queued.SendAt);

        // Before the job runs the customer's zone is corrected to Tokyo, where it is 3:30 AM.
        await using (var db = h.Database.CreateDbContext())
        {
            (await db.Customers.FindAsync(h.Customer.Id))!.TimeZoneId = "Asia/Tokyo";
            await db.SaveChangesAsync();
        }

        Assert.Equal(Portal.Infrastructure.Sending.DispatchOutcome.Rescheduled, await h.Dispatcher.DispatchAsync(queued.Id));
        Assert.Equal(new DateTime(2026, 11, 24, 23, 0, 0, DateTimeKind.Utc), (await h.ReloadAsync(queued.Id)).SendAt);
    }

    [Fact]
    public async Task On_a_holiday_the_department_lists_an_automated_text_waits_for_the_customers_next_morning()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            (await db.Departments.FindAsync(h.Department.Id))!.Holidays = "2026-11-24";
            await db.SaveChangesAsync();
        }

        // 18:30 UTC on the 24th: 8:30 AM in Honolulu, open but for the holiday.
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero));
        var held = await h.QueueAsync("Your appointment is tomorrow", automated: true);

        Assert.Equal(new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc), held.SendAt);
    }
}
