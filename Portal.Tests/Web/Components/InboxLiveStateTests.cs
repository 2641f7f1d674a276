using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Campaigns;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Threads;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Inbox;

namespace Portal.Tests.Web.Components;

/// <summary>The open inbox's live-update rules, without a renderer: which events it applies, and one re-read per burst of doubt.</summary>
public sealed class InboxLiveStateTests : IAsyncLifetime
{
    private readonly Guid page = Guid.NewGuid();
    private readonly HostClock clock = new(new DateTimeOffset(InboxFixture.Now));
    private InboxFixture f = default!;
    private ThreadService threads = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        threads = new ThreadService(f.Database, TestProviders.Store(f.Database), new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance), clock);
    }

    public async Task DisposeAsync()
    {
        await f.DisposeAsync();
        clock.Dispose();
    }

    [Fact]
    public async Task A_page_applies_its_departments_events_but_not_its_own_changes_nor_campaign_progress()
    {
        var live = new InboxLiveState(page);
        var sales = await ReceiveAsync(f.AnaSales.Id, "Is it ready?");
        var service = await ReceiveAsync(f.CaraService.Id, "And mine?");

        Assert.True(live.Concerns(sales, f.SalesScope));
        Assert.False(live.Concerns(service, f.SalesScope));
        Assert.False(live.Concerns(sales with { Origin = page }, f.SalesScope));
        Assert.True(live.Concerns(sales with { Origin = Guid.NewGuid() }, f.SalesScope));
        Assert.False(live.Concerns(ConversationEvent.CampaignProgressed(f.Sales.Id, new CampaignProgress(Guid.NewGuid(), CampaignStatus.Running, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)), f.SalesScope));
        Assert.False(live.Concerns(sales, null));
    }

    [Fact]
    public void A_read_elsewhere_by_the_pages_own_user_rereads_the_list_and_counts_and_anothers_is_ignored()
    {
        var live = new InboxLiveState(page);
        var mine = ConversationEvents.ReadBy(f.SalesRep.Id, f.Sales.Id, f.AnaSales.Id);

        Assert.True(live.Concerns(mine, f.SalesScope));
        Assert.False(live.Concerns(ConversationEvents.ReadBy(Guid.NewGuid(), f.Sales.Id, f.AnaSales.Id), f.SalesScope));
        live.ReadElsewhere();
        Assert.True(live.ShouldScheduleRefresh());
        Assert.Equal(new InboxStale(false, true, true), live.TakeStale());
    }

    [Fact]
    public async Task A_message_in_the_open_conversation_is_patched_in_with_no_reread()
    {
        var live = new InboxLiveState(page);
        var open = (await threads.GetAsync(f.SalesScope, f.AnaSales.Id)).Value!;
        var e = await ReceiveAsync(f.AnaSales.Id, "Photo of the scratch");

        Assert.True(InboxLiveState.IsAbout(e, open));
        var patched = live.PatchThread(open, e, out var changed);

        Assert.True(changed);
        Assert.Equal("Photo of the scratch", patched.Messages[^1].Body);
        Assert.False(live.ShouldScheduleRefresh());
    }

    [Fact]
    public async Task What_cannot_be_patched_is_read_again_once_for_a_burst_then_a_new_burst_starts()
    {
        var live = new InboxLiveState(page);
        var open = (await threads.GetAsync(f.SalesScope, f.AnaSales.Id)).Value!;
        var counts = (IReadOnlyList<DepartmentInboxCount>)[new DepartmentInboxCount(f.Sales.Id, "Sales", 2, 1)];
        var e = await ReceiveAsync(f.AnaSales.Id, "Hello");
        var closed = e with { Thread = e.Thread! with { Status = ThreadStatus.Closed } };

        Assert.Same(open, live.PatchThread(open, closed, out var threadChanged));
        Assert.Same(counts, live.PatchCounts(counts, null, e, out var countsChanged));
        Assert.False(threadChanged || countsChanged);

        Assert.True(live.ShouldScheduleRefresh());
        Assert.False(live.ShouldScheduleRefresh()); // The same burst: one re-read is already on its way.
        Assert.Equal(new InboxStale(Thread: true, List: true, Counts: true), live.TakeStale());
        Assert.False(live.ShouldScheduleRefresh());

        live.PatchThread(open, closed, out _);
        Assert.True(live.ShouldScheduleRefresh());
        Assert.Equal(new InboxStale(Thread: true, List: false, Counts: false), live.TakeStale());
    }

    private async Task<ConversationEvent> ReceiveAsync(Guid threadId, string body)
    {
        await using var db = await f.Database.CreateDbContextAsync();
        var thread = await db.Threads.Include(t => t.Customer).SingleAsync(t => t.Id == threadId);
        var message = Message.Create(threadId, MessageDirection.Inbound, MessageKind.Text, body, MessageStatus.Received, clock.UtcNow);
        db.Messages.Add(message);
        thread.Touch(message);
        await db.SaveChangesAsync();
        return ConversationEvents.MessageAdded(message, thread, thread.Customer!);
    }
}
