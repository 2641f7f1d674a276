using Microsoft.EntityFrameworkCore;
using Portal.Core.AfterHours;
using Portal.Core.Departments;
using Portal.Core.Inbound;
using Portal.Core.Messages;
using Portal.Infrastructure.Inbound;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.AfterHours;

/// <summary>Sales in Chicago, open 9:00–18:00 on weekdays, answering texts that arrive while it is closed.</summary>
public sealed class AfterHoursResponderTests : IAsyncLifetime
{
    private const string Template = "Thanks {{ customer.first_name | default: \"for your text\" }}! {{ department.name }} is closed. We open {{ department.opens_at }}.";
    private SendingHarness h = default!;
    private int texts;

    public async Task InitializeAsync()
    {
        h = await SendingHarness.CreateAsync(SimulatorModule.Kind, "");
        await using var db = h.Database.CreateDbContext();
        var sales = await db.Departments.SingleAsync();
        sales.SendingHours = new SendingHours(new TimeOnly(9, 0), new TimeOnly(18, 0))
        {
            Days = [DaySendingHours.Closed(DayOfWeek.Saturday), DaySendingHours.Closed(DayOfWeek.Sunday)],
        };
        sales.AfterHoursReply = Template;
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task One_reply_per_closed_period_across_a_weekend_and_a_DST_change_naming_the_opening()
    {
        await TextAsync("2026-10-31T00:00:00Z", "Is the F-150 still there?");   // Friday 19:00 CDT
        await TextAsync("2026-10-31T15:00:00Z", "Hello?");                      // Saturday 10:00 CDT
        await TextAsync("2026-11-01T18:00:00Z", "Anyone?");                     // Sunday 12:00 CST, after the change
        await TextAsync("2026-11-02T16:00:00Z", "Calling you now");             // Monday 10:00 CST: open
        await TextAsync("2026-11-03T02:00:00Z", "One more thing");              // Monday 20:00 CST

        var replies = await RepliesAsync();
        Assert.Equal(
            ["Thanks Ana! Sales is closed. We open Monday at 9:00 AM.", "Thanks Ana! Sales is closed. We open tomorrow at 9:00 AM."],
            replies.Select(r => r.Body));
        Assert.All(replies, r => Assert.Equal((AuthorType.System, AfterHoursReply.AuthorName, MessageStatus.Queued), (r.AuthorType, r.AuthorName, r.Status)));
        foreach (var reply in replies)
        {
            Assert.Single(await Eventually.ValueAsync(() => Task.FromResult(h.Jobs.Sends.Where(j => j.MessageId == reply.Id).ToList()), s => s.Count > 0, TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task A_retried_webhook_answers_once()
    {
        await using var writer = TestProviders.Writer(h.Database, h.Jobs, h.Notifier);
        var item = Item("SM-retried", "2026-10-31T00:00:00Z", "Still open?");

        await writer.WriteAsync(item);
        await writer.WriteAsync(item);

        Assert.Single(await RepliesAsync());
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("HELP")]
    [InlineData("start")]
    public async Task A_keyword_gets_no_after_hours_reply(string keyword)
    {
        await TextAsync("2026-10-31T00:00:00Z", keyword);

        Assert.DoesNotContain(await RepliesAsync(), r => r.AuthorName == AfterHoursReply.AuthorName);
    }

    [Fact]
    public async Task An_opted_out_number_gets_nothing_and_nor_does_a_customer_staff_just_answered()
    {
        await h.Database.SeedAsync(DataBuilder.Stop(h.Customer.Phone!, new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc)));
        await TextAsync("2026-10-31T00:00:00Z", "Hi");
        Assert.Empty(await RepliesAsync());

        await using (var db = h.Database.CreateDbContext())
        {
            db.ConsentEntries.RemoveRange(db.ConsentEntries);
            var answered = DataBuilder.Outbound(h.Thread, "I'm still here, what's up?", new DateTime(2026, 11, 3, 1, 55, 0, DateTimeKind.Utc), MessageStatus.Queued);
            answered.AuthorType = AuthorType.User;
            answered.CreatedAt = new DateTime(2026, 11, 3, 1, 55, 0, DateTimeKind.Utc);
            db.Messages.Add(answered);
            await db.SaveChangesAsync();
            await db.Messages.Where(m => m.Id == answered.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.CreatedAt, answered.CreatedAt));
        }

        await TextAsync("2026-11-03T02:00:00Z", "Thanks!");   // five minutes after a colleague answered
        Assert.DoesNotContain(await RepliesAsync(), r => r.AuthorName == AfterHoursReply.AuthorName);
        await TextAsync("2026-11-03T02:20:00Z", "And the price?");   // twenty minutes after: the colleague has gone
        Assert.Single(await RepliesAsync(), r => r.AuthorName == AfterHoursReply.AuthorName);
    }

    [Fact]
    public async Task A_new_customers_first_text_at_night_is_answered_in_their_own_new_conversation()
    {
        await TextAsync("2026-10-31T00:00:00Z", "Do you buy trade-ins?", from: "+13125550188");

        await using var db = h.Database.CreateDbContext();
        var reply = await db.Messages.SingleAsync(m => m.AuthorName == AfterHoursReply.AuthorName);
        Assert.Equal("Thanks for your text! Sales is closed. We open Monday at 9:00 AM.", reply.Body);
        Assert.Equal("+13125550188", (await db.Threads.Include(t => t.Customer).SingleAsync(t => t.Id == reply.ThreadId)).Customer!.Phone);
    }

    private async Task TextAsync(string at, string body, string? from = null)
    {
        await using var writer = TestProviders.Writer(h.Database, h.Jobs, h.Notifier);
        await writer.WriteAsync(Item($"SM-{Interlocked.Increment(ref texts)}", at, body, from));
    }

    private IngestItem Item(string id, string at, string body, string? from = null)
    {
        var when = DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        return new IngestItem(h.Account.Id, new InboundTextEvent(id, from ?? h.Customer.Phone!, h.Account.FromNumber!, body, [], when), when);
    }

    private async Task<List<Message>> RepliesAsync()
    {
        await using var db = h.Database.CreateDbContext();
        return await db.Messages.AsNoTracking().Where(m => m.Direction == MessageDirection.Outbound && m.AuthorType == AuthorType.System && m.AuthorName == AfterHoursReply.AuthorName)
            .OrderBy(m => m.OccurredAt).ToListAsync();
    }
}
