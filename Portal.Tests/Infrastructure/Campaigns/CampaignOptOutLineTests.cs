using Microsoft.EntityFrameworkCore;
using Portal.Core.Consent;
using Portal.Core.Messages;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Campaigns;

/// <summary>The opt-out line on campaign texts: the department's own words, once per 30 days per customer, never twice in a text, in the preview as sent.</summary>
public sealed class CampaignOptOutLineTests : IAsyncLifetime
{
    private CampaignHarness c = default!;

    public async Task InitializeAsync() => c = await CampaignHarness.CreateAsync(leads: 4);

    public async Task DisposeAsync() => await c.DisposeAsync();

    [Fact]
    public void The_line_is_added_unless_the_text_says_how_to_stop_or_the_customer_was_told_lately()
    {
        Assert.Equal(("Sale on now\nReply STOP to opt out.", true), OptOutLine.AddTo("Sale on now ", null, due: true));
        Assert.Equal(("Sale on now\nText STOP to end.", true), OptOutLine.AddTo("Sale on now", "Text STOP to end.", due: true));
        Assert.Equal(("Sale on now", false), OptOutLine.AddTo("Sale on now", null, due: false));
        Assert.Equal(("Sale! Reply stop to unsubscribe", false), OptOutLine.AddTo("Sale! Reply stop to unsubscribe", null, due: true));
        Assert.False(OptOutLine.AlreadySays("Stopping by Saturday?"));
    }

    [Fact]
    public async Task A_customer_told_how_to_stop_ten_days_ago_is_not_told_again_and_the_preview_shows_each_text_as_it_will_go()
    {
        var told = c.Leads[0];
        await using (var db = c.H.Database.CreateDbContext())
        {
            var department = await db.Departments.FindAsync(c.H.Department.Id);
            department!.OptOutLine = "Text STOP to end.";
            var thread = new Portal.Core.Threads.ConversationThread
            {
                DepartmentId = department.Id, CustomerId = told.Id, LastActivityAt = c.H.Clock.GetUtcNow().UtcDateTime, Status = Portal.Core.Threads.ThreadStatus.Closed,
            };
            var earlier = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, "Earlier offer\nText STOP to end.", MessageStatus.Draft, c.H.Clock.GetUtcNow().UtcDateTime.AddDays(-10));
            earlier.CarriesOptOutLine = true;
            earlier.MoveTo(MessageStatus.Queued, earlier.OccurredAt);
            db.Threads.Add(thread);
            db.Messages.Add(earlier);
            await db.SaveChangesAsync();
        }

        var preview = await c.Service.PreviewAsync(c.Manager, c.Input(), c.H.Actor);
        Assert.Contains(preview.Samples, s => s.Text.EndsWith("\nText STOP to end.", StringComparison.Ordinal));
        // The segment count is of the text as it will go, line included.
        Assert.All(preview.Samples, s => Assert.Equal(SmsSegmentCounter.Count(s.Text).Segments, s.Segments));

        var id = await c.ScheduleAsync();
        var texts = await c.MessagesAsync(id);
        await using var read = c.H.Database.CreateDbContext();
        var toldThreads = await read.Threads.Where(t => t.CustomerId == told.Id).Select(t => t.Id).ToListAsync();
        var toToldCustomer = texts.Single(m => toldThreads.Contains(m.ThreadId));
        Assert.False(toToldCustomer.CarriesOptOutLine);
        Assert.DoesNotContain("STOP", toToldCustomer.Body);
        Assert.All(texts.Where(m => m != toToldCustomer), m => Assert.EndsWith("\nText STOP to end.", m.Body));
        // The estimate counted what went: every text's segments, and the line on all but the told customer's.
        Assert.Equal(texts.Sum(m => SmsSegmentCounter.Count(m.Body).Segments), preview.Segments);
        Assert.Equal(texts.Count - 1, preview.WithOptOutLine);
    }
}
