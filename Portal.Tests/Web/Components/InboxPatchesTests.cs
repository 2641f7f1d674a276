using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Threads;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Inbox;

namespace Portal.Tests.Web.Components;

/// <summary>
/// An open inbox patches itself from live events instead of re-querying. Each case makes a real change in the
/// database, patches the list and counts read before it from the event, and compares them with a fresh query.
/// </summary>
public sealed class InboxPatchesTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private InboxQueries inbox = default!;
    private ThreadService threads = default!;
    private readonly List<ConversationEvent> published = [];
    private readonly InProcessConversationNotifier notifier = new(NullLogger<InProcessConversationNotifier>.Instance);
    private readonly HostClock clock = new(new DateTimeOffset(InboxFixture.Now));

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        inbox = new InboxQueries(f.Database);
        threads = new ThreadService(f.Database, TestProviders.Store(f.Database), notifier, clock);
        notifier.Subscribe(e => { published.Add(e); return Task.CompletedTask; });
    }

    public async Task DisposeAsync()
    {
        await f.DisposeAsync();
        clock.Dispose();
    }

    [Fact]
    public async Task A_text_from_a_customer_on_the_list_moves_their_row_up_and_counts_it_unread_exactly_as_a_fresh_query_would()
    {
        var (list, counts) = await ReadAsync(new InboxFilter());
        var e = await ReceiveAsync(f.BenSales.Id, "Can I come at 3?");

        var change = InboxPatches.ApplyToList(list, new InboxFilter(), f.SalesRep.Id, e, viewing: false, counts);
        var patchedCounts = InboxPatches.ApplyToCounts(counts, change, e);

        var (fresh, freshCounts) = await ReadAsync(new InboxFilter());
        Assert.True(change.Exact);
        Assert.Equal(fresh.Items, change.Result.Items);
        Assert.Equal(fresh.TotalCount, change.Result.TotalCount);
        Assert.Equal(freshCounts, patchedCounts);
        Assert.Equal(f.BenSales.Id, change.Result.Items[0].Id);
        Assert.Equal(1, change.Result.Items[0].UnreadCount);
    }

    [Fact]
    public async Task Closing_a_thread_drops_it_from_the_open_list_and_from_the_counts()
    {
        var (list, counts) = await ReadAsync(new InboxFilter());

        await threads.CloseAsync(f.SalesScope, f.AnaSales.Id, new Actor(f.SalesRep.Id, "Sam Sales"));
        Assert.NotEmpty(published);

        var departed = new Dictionary<Guid, ThreadListItem>();
        foreach (var e in published)
        {
            var change = InboxPatches.ApplyToList(list, new InboxFilter(), f.SalesRep.Id, e, viewing: false, counts, departed);
            Assert.True(change.Exact);
            list = change.Result;
            counts = InboxPatches.ApplyToCounts(counts, change, e)!;
            if (change.Removed is { } removed)
            {
                departed[removed.Id] = removed;
            }
        }

        var (fresh, freshCounts) = await ReadAsync(new InboxFilter());
        Assert.Equal(fresh.Items, list.Items);
        Assert.Equal(fresh.TotalCount, list.TotalCount);
        Assert.Equal(freshCounts, counts);
        Assert.DoesNotContain(list.Items, i => i.Id == f.AnaSales.Id);
    }

    [Fact]
    public async Task A_text_to_the_thread_the_user_is_reading_stays_read_once_the_page_marks_it()
    {
        var (list, counts) = await ReadAsync(new InboxFilter());
        var e = await ReceiveAsync(f.AnaSales.Id, "Still there?");

        var change = InboxPatches.ApplyToList(list, new InboxFilter(), f.SalesRep.Id, e, viewing: true, counts);
        await using (var marks = new BatchedReadMarks(f.Database, new Portal.Infrastructure.Realtime.InProcessConversationNotifier(NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), NullLogger<BatchedReadMarks>.Instance))
        {
            await marks.MarkReadAsync(f.SalesRep.Id, f.AnaSales.Id, clock.UtcNow);
        }

        var (fresh, freshCounts) = await ReadAsync(new InboxFilter());
        Assert.Equal(fresh.Items, change.Result.Items);
        Assert.Equal(0, change.Result.Items[0].UnreadCount);
        Assert.Equal(freshCounts, InboxPatches.ApplyToCounts(counts, change, e));
    }

    [Fact]
    public async Task A_thread_new_to_the_list_is_shown_at_once_and_flagged_for_a_re_query()
    {
        var (list, counts) = await ReadAsync(new InboxFilter());
        var threadId = await threads.StartAsync(f.SalesScope, f.Cara.Id, f.Sales.Id, new Actor(f.SalesRep.Id, "Sam Sales"));
        published.Clear();
        var e = await ReceiveAsync(threadId, "Hi, it's Cara");

        var change = InboxPatches.ApplyToList(list, new InboxFilter(), f.SalesRep.Id, e, viewing: false, counts);

        Assert.False(change.Exact);
        Assert.Equal(threadId, change.Result.Items[0].Id);
        Assert.Equal("Sales", change.Result.Items[0].DepartmentName);
        Assert.Equal(list.TotalCount + 1, change.Result.TotalCount);
        Assert.Null(InboxPatches.ApplyToCounts(counts, change, e));
    }

    [Fact]
    public async Task A_search_or_a_later_page_never_claims_to_be_exact()
    {
        var search = new InboxFilter { Search = "Okafor" };
        var (list, counts) = await ReadAsync(search);
        var e = await ReceiveAsync(f.AnaSales.Id, "Hello again");

        Assert.False(InboxPatches.ApplyToList(list, search, f.SalesRep.Id, e, viewing: false, counts).Exact);
        Assert.False(InboxPatches.ApplyToList(list with { Page = 2 }, new InboxFilter(), f.SalesRep.Id, e, viewing: false, counts).Exact);
    }

    [Fact]
    public async Task The_open_thread_gets_the_new_message_and_later_its_status_without_reading_again()
    {
        var detail = (await threads.GetAsync(f.SalesScope, f.AnaSales.Id)).Value!;
        var e = await ReceiveAsync(f.AnaSales.Id, "Photo of the scratch");

        var patched = InboxPatches.ApplyToThread(detail, e)!;
        Assert.Equal(detail.Messages.Count + 1, patched.Messages.Count);
        Assert.Equal("Photo of the scratch", patched.Messages[^1].Body);

        var delivered = e with { Kind = ConversationEventKind.MessageStatusChanged, Thread = null, Message = e.Message! with { Status = MessageStatus.Failed } };
        var again = InboxPatches.ApplyToThread(patched, delivered)!;
        Assert.Equal(patched.Messages.Count, again.Messages.Count);
        Assert.Equal(MessageStatus.Failed, again.Messages[^1].Status);

        var closed = e with { Thread = e.Thread! with { Status = ThreadStatus.Closed } };
        Assert.Null(InboxPatches.ApplyToThread(patched, closed));
    }

    private async Task<(PagedResult<ThreadListItem> List, IReadOnlyList<DepartmentInboxCount> Counts)> ReadAsync(InboxFilter filter) =>
        (await inbox.GetThreadsAsync(f.SalesScope, filter, 1, 50), await inbox.GetDepartmentCountsAsync(f.SalesScope));

    /// <summary>Stores an inbound text as the ingest path does (thread touched in the same save) and returns its event.</summary>
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
