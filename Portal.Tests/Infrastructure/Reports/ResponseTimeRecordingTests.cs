using Microsoft.EntityFrameworkCore;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Reports;

public sealed class ResponseTimeRecordingTests : IAsyncLifetime
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
    public async Task A_persons_answer_to_a_waiting_customer_is_measured_once_and_automated_or_scheduled_texts_answer_nothing()
    {
        var since = h.Clock.GetUtcNow().UtcDateTime.AddMinutes(-20);
        await using (var db = h.Database.CreateDbContext())
        {
            await db.Threads.Where(t => t.Id == h.Thread.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, since));
        }

        await h.QueueAsync("Thanks for your message, we'll be right with you", automated: true);
        await h.QueueAsync("Reminder: your appointment is tomorrow", sendAt: h.Clock.GetUtcNow().UtcDateTime.AddHours(1));
        Assert.Equal(0, await CountAsync());

        await h.QueueAsync("Yes, it's ready for pickup");
        await h.QueueAsync("See you soon");

        await using var read = h.Database.CreateDbContext();
        var measured = await read.ResponseTimes.SingleAsync();
        Assert.Equal((h.Thread.Id, h.Thread.DepartmentId, (Guid?)h.Actor.UserId, since, true),
            (measured.ThreadId, measured.DepartmentId, measured.ResponderUserId, measured.WaitedFrom, measured.IsFirstResponse));
        Assert.InRange(measured.WallSeconds, 20 * 60, 21 * 60);
        // 15:00 on a Monday in Chicago: the department was open the whole wait.
        Assert.Equal(measured.WallSeconds, measured.BusinessSeconds);
        Assert.Null((await read.Threads.SingleAsync(t => t.Id == h.Thread.Id)).AwaitingReplySince);
    }

    private async Task<int> CountAsync()
    {
        await using var db = h.Database.CreateDbContext();
        return await db.ResponseTimes.CountAsync();
    }
}
