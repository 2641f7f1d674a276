using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Realtime;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Threads;

namespace Portal.Tests.Infrastructure;

public sealed class BatchedReadMarksTests : IAsyncLifetime
{
    private InboxFixture f = default!;

    public async Task InitializeAsync() => f = await InboxFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Many_screens_marking_the_same_thread_store_one_row_with_the_latest_time()
    {
        var later = InboxFixture.Now.AddMinutes(1);
        await using (var marks = new BatchedReadMarks(f.Database, new Portal.Infrastructure.Realtime.InProcessConversationNotifier(NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), NullLogger<BatchedReadMarks>.Instance))
        {
            var all = Enumerable.Range(0, 200).Select(i => marks.MarkReadAsync(f.SalesRep.Id, f.AnaSales.Id, later.AddSeconds(-i % 30))).ToList();
            all.Add(marks.MarkReadAsync(f.ServiceAdvisor.Id, f.CaraService.Id, later));
            await Task.WhenAll(all);
        }

        await using var db = await f.Database.CreateDbContextAsync();
        var ana = await db.ThreadReadStates.SingleAsync(r => r.ThreadId == f.AnaSales.Id && r.UserId == f.SalesRep.Id);
        Assert.Equal(later, ana.LastReadAt);
        Assert.Equal(later, (await db.ThreadReadStates.SingleAsync(r => r.ThreadId == f.CaraService.Id)).LastReadAt);
    }

    [Fact]
    public async Task An_older_mark_never_moves_a_marker_back_and_an_unknown_thread_is_skipped()
    {
        await using (var marks = new BatchedReadMarks(f.Database, new Portal.Infrastructure.Realtime.InProcessConversationNotifier(NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), NullLogger<BatchedReadMarks>.Instance))
        {
            await marks.MarkReadAsync(f.SalesRep.Id, f.BenSales.Id, InboxFixture.Now.AddDays(-10));
            await marks.MarkReadAsync(f.SalesRep.Id, Guid.NewGuid(), InboxFixture.Now);
        }

        await using var db = await f.Database.CreateDbContextAsync();
        Assert.Equal(InboxFixture.Now.AddHours(-1), (await db.ThreadReadStates.SingleAsync(r => r.ThreadId == f.BenSales.Id)).LastReadAt);
        Assert.Equal(2, await db.ThreadReadStates.CountAsync());
    }

    [Fact]
    public async Task Each_stored_mark_tells_the_readers_other_screens_once_it_is_stored()
    {
        var notifier = new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance);
        var heard = new List<ConversationEvent>();
        using var _ = notifier.Subscribe(e => { lock (heard) { heard.Add(e); } return Task.CompletedTask; });
        await using (var marks = new BatchedReadMarks(f.Database, notifier, NullLogger<BatchedReadMarks>.Instance))
        {
            await Task.WhenAll(marks.MarkReadAsync(f.SalesRep.Id, f.AnaSales.Id, InboxFixture.Now), marks.MarkReadAsync(f.SalesRep.Id, f.AnaSales.Id, InboxFixture.Now),
                marks.MarkReadAsync(f.SalesRep.Id, Guid.NewGuid(), InboxFixture.Now));
        }

        var read = Assert.Single(heard);
        Assert.Equal((ConversationEventKind.ReadByUser, f.SalesRep.Id, f.AnaSales.Id, f.Sales.Id), (read.Kind, read.UserId, read.ThreadId, read.DepartmentId));
    }
}
