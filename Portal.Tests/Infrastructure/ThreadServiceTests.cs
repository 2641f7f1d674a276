using Portal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Threads;

namespace Portal.Tests.Infrastructure;

public class ThreadServiceTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private ThreadService threads = default!;
    private Actor sam = default!;
    private readonly Portal.Infrastructure.Realtime.InProcessConversationNotifier notifier = new(Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance);

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        threads = new ThreadService(f.Database, TestProviders.Store(f.Database), notifier, TimeProvider.System);
        sam = new Actor(f.SalesRep.Id, f.SalesRep.DisplayName);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task A_thread_of_another_department_is_forbidden_and_an_unknown_one_not_found()
    {
        Assert.Equal(AccessOutcome.Forbidden, (await threads.GetAsync(f.ServiceScope, f.AnaSales.Id)).Outcome);
        Assert.Equal(AccessOutcome.NotFound, (await threads.GetAsync(f.ServiceScope, Guid.NewGuid())).Outcome);
        Assert.Equal(AccessOutcome.Found, (await threads.GetAsync(f.SalesScope, f.AnaSales.Id)).Outcome);
    }

    [Fact]
    public async Task The_detail_has_the_history_in_order_and_only_visible_other_threads()
    {
        var detail = (await threads.GetAsync(f.SalesScope, f.AnaSales.Id)).Value!;

        Assert.Equal(["Is the Camry available?", "Hello?"], detail.Messages.Select(m => m.Body));
        Assert.Equal("Sam Sales", detail.AssigneeName);
        Assert.Empty(detail.OtherThreads); // Ana's Service thread is not Sam's to see.

        var asAdmin = (await threads.GetAsync(f.AdminScope, f.AnaSales.Id)).Value!;
        Assert.Equal(f.AnaService.Id, Assert.Single(asAdmin.OtherThreads).Id);
    }

    [Fact]
    public async Task Changes_to_a_foreign_thread_are_refused_and_change_nothing()
    {
        var sue = new Actor(f.ServiceAdvisor.Id, f.ServiceAdvisor.DisplayName);

        await Assert.ThrowsAsync<AccessDeniedException>(() => threads.AddNoteAsync(f.ServiceScope, f.AnaSales.Id, "peek", sue));
        await Assert.ThrowsAsync<AccessDeniedException>(() => threads.CloseAsync(f.ServiceScope, f.AnaSales.Id, sue));

        await using var db = f.Database.CreateDbContext();
        Assert.Equal(2, await db.Messages.CountAsync(m => m.ThreadId == f.AnaSales.Id));
        Assert.Equal(ThreadStatus.Open, (await db.Threads.SingleAsync(t => t.Id == f.AnaSales.Id)).Status);
    }

    [Fact]
    public async Task A_note_is_internal_and_an_empty_one_is_refused()
    {
        var note = await threads.AddNoteAsync(f.SalesScope, f.AnaSales.Id, "  Call her after 5  ", sam);
        await Assert.ThrowsAsync<ValidationException>(() => threads.AddNoteAsync(f.SalesScope, f.AnaSales.Id, "   ", sam));

        await using var db = f.Database.CreateDbContext();
        var stored = await db.Messages.SingleAsync(m => m.Id == note.Id);
        Assert.Equal("Call her after 5", stored.Body);
        Assert.Equal(MessageKind.Note, stored.Kind);
        Assert.Equal(MessageDirection.Internal, stored.Direction);
        Assert.Equal("Sam Sales", stored.AuthorName);
        Assert.Equal(3, await db.Messages.CountAsync(m => m.ThreadId == f.AnaSales.Id));
    }

    [Fact]
    public async Task Assigning_records_who_did_it_and_refuses_non_members()
    {
        await Assert.ThrowsAsync<ValidationException>(() => threads.AssignAsync(f.SalesScope, f.BenSales.Id, f.ServiceAdvisor.Id, sam));
        await threads.AssignAsync(f.SalesScope, f.BenSales.Id, f.SalesRep.Id, sam);

        await using var db = f.Database.CreateDbContext();
        Assert.Equal(f.SalesRep.Id, (await db.Threads.SingleAsync(t => t.Id == f.BenSales.Id)).AssigneeId);
        var line = await db.Messages.SingleAsync(m => m.ThreadId == f.BenSales.Id && m.Kind == MessageKind.SystemEvent);
        Assert.Equal("Sam Sales took this conversation", line.Body);
    }

    [Fact]
    public async Task A_reopened_conversations_next_answer_is_a_first_response_again()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            await db.Threads.Where(t => t.Id == f.AnaSales.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.FirstAnsweredAt, InboxFixture.Now.AddHours(-1)));
        }

        await threads.CloseAsync(f.SalesScope, f.AnaSales.Id, sam);
        await using (var db = f.Database.CreateDbContext())
        {
            Assert.NotNull((await db.Threads.SingleAsync(t => t.Id == f.AnaSales.Id)).FirstAnsweredAt);
        }

        await threads.ReopenAsync(f.SalesScope, f.AnaSales.Id, sam);
        await using (var db = f.Database.CreateDbContext())
        {
            Assert.Null((await db.Threads.SingleAsync(t => t.Id == f.AnaSales.Id)).FirstAnsweredAt);
        }
    }

    [Fact]
    public async Task Close_and_reopen_leave_system_lines_and_reopen_respects_one_open_thread()
    {
        await threads.CloseAsync(f.SalesScope, f.AnaSales.Id, sam);
        await threads.ReopenAsync(f.SalesScope, f.AnaSales.Id, sam);

        await using (var db = f.Database.CreateDbContext())
        {
            var lines = await db.Messages.Where(m => m.ThreadId == f.AnaSales.Id && m.Kind == MessageKind.SystemEvent)
                .OrderBy(m => m.OccurredAt).Select(m => m.Body).ToListAsync();
            Assert.Equal(["Sam Sales closed this conversation", "Sam Sales reopened this conversation"], lines);
        }

        // Ana's closed Service thread cannot reopen while she has another open one there.
        await using (var db = f.Database.CreateDbContext())
        {
            db.Threads.Add(Support.DataBuilder.Thread(f.Service, f.Ana, InboxFixture.Now));
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<DomainException>(() => threads.ReopenAsync(f.AdminScope, f.AnaService.Id, sam));
    }

    [Fact]
    public async Task Marking_read_clears_the_users_unread_count()
    {
        var inbox = new InboxQueries(f.Database);
        Assert.Equal(2, (await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter(), 1, 10)).Items.First(t => t.Id == f.AnaSales.Id).UnreadCount);

        await threads.MarkReadAsync(f.SalesScope, f.AnaSales.Id);

        Assert.Equal(0, (await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter(), 1, 10)).Items.First(t => t.Id == f.AnaSales.Id).UnreadCount);
    }

    [Fact]
    public async Task Reading_tells_the_readers_other_screens_and_a_conversation_a_colleague_assigns_is_new_to_the_assignee()
    {
        var heard = new List<Portal.Core.Realtime.ConversationEvent>();
        using var _ = notifier.Subscribe(e => { heard.Add(e); return Task.CompletedTask; });
        var inbox = new InboxQueries(f.Database);
        async Task<int> BenUnread() => (await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter(), 1, 10)).Items.First(t => t.Id == f.BenSales.Id).UnreadCount;
        Assert.Equal(0, await BenUnread());

        await threads.MarkReadAsync(f.SalesScope, f.AnaSales.Id);
        await threads.AssignAsync(f.AdminScope, f.BenSales.Id, f.SalesRep.Id, new Actor(Guid.NewGuid(), "Nyasia Mills"));
        await threads.AssignAsync(f.SalesScope, f.AnaSales.Id, f.SalesRep.Id, sam);

        var read = heard.First(e => e.Kind == Portal.Core.Realtime.ConversationEventKind.ReadByUser);
        Assert.Equal((f.SalesRep.Id, f.AnaSales.Id), (read.UserId, read.ThreadId));
        var assigned = heard.Single(e => e.Change == Portal.Core.Realtime.ThreadChange.Assigned && e.ThreadId == f.BenSales.Id);
        Assert.Equal("Nyasia Mills", assigned.ActorName);
        Assert.Equal(1, await BenUnread());
        Assert.Equal(0, (await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter(), 1, 10)).Items.First(t => t.Id == f.AnaSales.Id).UnreadCount);
    }

    [Fact]
    public async Task Locked_out_members_are_not_offered_as_assignees()
    {
        var locked = DataBuilder.User("Lou Locked");
        locked.LockoutEnd = DateTimeOffset.MaxValue;
        await f.Database.SeedAsync(locked, new Portal.Core.Departments.DepartmentMember { DepartmentId = f.Sales.Id, UserId = locked.Id });

        var detail = (await threads.GetAsync(f.SalesScope, f.AnaSales.Id)).Value!;

        Assert.Contains(detail.Assignable, u => u.Id == f.SalesRep.Id);
        Assert.DoesNotContain(detail.Assignable, u => u.Id == locked.Id);
    }

    [Fact]
    public async Task Texting_a_customer_from_a_department_uses_reopens_or_starts_their_one_conversation_there()
    {
        var sam = new Actor(f.SalesRep.Id, "Sam Sales");

        var open = await threads.StartAsync(f.SalesScope, f.Ana.Id, f.Sales.Id, sam);
        await threads.CloseAsync(f.SalesScope, f.BenSales.Id, sam);
        var reopened = await threads.StartAsync(f.SalesScope, f.Ben.Id, f.Sales.Id, sam);
        var started = await threads.StartAsync(f.SalesScope, f.Cara.Id, f.Sales.Id, sam);
        var again = await threads.StartAsync(f.SalesScope, f.Cara.Id, f.Sales.Id, sam);

        Assert.Equal(f.AnaSales.Id, open);
        Assert.Equal(f.BenSales.Id, reopened);
        Assert.Equal(started, again);
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(ThreadStatus.Open, (await db.Threads.SingleAsync(t => t.Id == reopened)).Status);
        var cara = await db.Threads.SingleAsync(t => t.Id == started);
        Assert.Equal((f.Sales.Id, f.Cara.Id, (Guid?)f.SalesRep.Id), (cara.DepartmentId, cara.CustomerId, cara.AssigneeId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => threads.StartAsync(f.SalesScope, f.Ana.Id, f.Service.Id, sam));
    }

    [Fact]
    public async Task A_snoozed_thread_wakes_when_its_time_comes_and_not_before()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(InboxFixture.Now));
        var snoozing = new ThreadService(f.Database, TestProviders.Store(f.Database),
            new Portal.Infrastructure.Realtime.InProcessConversationNotifier(Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), clock);
        var sam = new Actor(f.SalesRep.Id, "Sam Sales");

        await Assert.ThrowsAsync<ValidationException>(() => snoozing.SnoozeAsync(f.SalesScope, f.BenSales.Id, InboxFixture.Now.AddMinutes(-1), sam));
        await snoozing.SnoozeAsync(f.SalesScope, f.BenSales.Id, InboxFixture.Now.AddHours(3), sam);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await snoozing.WakeSnoozedAsync());
        await using (var db = f.Database.CreateDbContext())
        {
            Assert.Equal(ThreadStatus.Snoozed, (await db.Threads.SingleAsync(t => t.Id == f.BenSales.Id)).Status);
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await snoozing.WakeSnoozedAsync());
        await using var after = f.Database.CreateDbContext();
        var thread = await after.Threads.SingleAsync(t => t.Id == f.BenSales.Id);
        Assert.Equal(ThreadStatus.Open, thread.Status);
        Assert.Null(thread.SnoozedUntil);
    }

    [Fact]
    public async Task A_mention_notifies_a_member_once_even_when_away_and_one_outside_the_department_is_refused_with_the_reason()
    {
        var tom = DataBuilder.User("Tom Sales");
        tom.AwaySince = InboxFixture.Now;
        await f.Database.SeedAsync(tom, new Portal.Core.Departments.DepartmentMember { DepartmentId = f.Sales.Id, UserId = tom.Id });
        var raised = new List<Portal.Core.Realtime.ConversationEvent>();
        using var _ = notifier.Subscribe(e => { lock (raised) { raised.Add(e); } return Task.CompletedTask; });

        var refused = await Assert.ThrowsAsync<ValidationException>(() => threads.AddNoteAsync(f.SalesScope, f.AnaSales.Id, "@Sue Service can you check the bay?", sam));
        Assert.Equal("Sue Service is not in Sales, so they cannot be mentioned on its conversations.", Assert.Single(refused.Errors["Body"]));

        var note = await threads.AddNoteAsync(f.SalesScope, f.AnaSales.Id, "@Tom please call her after 5, and @Sam Sales too", sam);

        await using var db = f.Database.CreateDbContext();
        var told = Assert.Single(await db.Notifications.ToListAsync());
        Assert.Equal((tom.Id, Portal.Core.Notifications.NotificationKind.Mention, f.AnaSales.Id), (told.UserId, told.Kind, told.ThreadId));
        Assert.StartsWith("Sam Sales mentioned you on Ana Ruiz: “@Tom please call her", told.Text);
        Assert.Equal("Tom Sales", note.Metadata["mentionedAway"]);
        Assert.Single(raised, e => e.Kind == Portal.Core.Realtime.ConversationEventKind.NotificationAdded && e.UserId == tom.Id);
        Assert.Equal(3, await db.Messages.CountAsync(m => m.ThreadId == f.AnaSales.Id));
    }
}
