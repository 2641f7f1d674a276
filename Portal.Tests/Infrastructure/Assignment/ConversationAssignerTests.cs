using Microsoft.EntityFrameworkCore;
using Portal.Core.Assignment;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;

namespace Portal.Tests.Infrastructure.Assignment;

public sealed class ConversationAssignerTests : IAsyncLifetime
{
    private AssignmentFixture f = default!;

    public async Task InitializeAsync() => f = await AssignmentFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Round_robin_gives_each_member_in_turn_with_a_line_and_an_assigned_event()
    {
        var assigner = f.Assigner();
        var given = new List<Guid?>();
        for (var i = 0; i < 4; i++)
        {
            given.Add(await assigner.AssignAsync((await f.WaitingAsync()).Id));
        }

        Assert.Equal([f.Ana.Id, f.Ben.Id, f.Cy.Id, f.Ana.Id], given);
        var first = await f.ThreadAsync(Assert.Single(f.Events, e => e.Change == ThreadChange.Assigned && e.Thread!.AssigneeId == f.Ben.Id).ThreadId);
        Assert.False(first.AwaitsAssignment);
        Assert.Equal(["Assigned to Ben Advisor in turn"], await f.LinesAsync(first.Id));
        // Automatic: no colleague's name on it, so the assignee's toast reads "Assigned to you".
        Assert.All(f.Events.Where(e => e.Change == ThreadChange.Assigned), e => Assert.Null(e.ActorUserId));
    }

    [Fact]
    public async Task Away_offline_and_full_members_are_skipped_and_capacity_zero_takes_none()
    {
        await f.SetAsync(f.Ana.Id, away: true);
        f.Presence.Disconnect(f.Ben.Id);
        await f.SetAsync(f.Cy.Id, capacity: 1);
        var assigner = f.Assigner();

        Assert.Equal(f.Cy.Id, await assigner.AssignAsync((await f.WaitingAsync()).Id));
        var waiting = await f.WaitingAsync();
        Assert.Null(await assigner.AssignAsync(waiting.Id));
        Assert.True((await f.ThreadAsync(waiting.Id)).AwaitsAssignment);

        await f.SetAsync(f.Cy.Id, capacity: 0);
        await f.SetAsync(f.Ana.Id, away: false);
        Assert.Equal(f.Ana.Id, await assigner.AssignAsync(waiting.Id));
        // Cy, at capacity 0, is passed over though it is his turn.
        Assert.Equal(f.Ana.Id, await assigner.AssignAsync((await f.WaitingAsync()).Id));
    }

    [Fact]
    public async Task Nobody_present_leaves_conversations_waiting_until_someone_signs_in()
    {
        f.Presence.Disconnect(f.Ana.Id);
        f.Presence.Disconnect(f.Ben.Id);
        f.Presence.Disconnect(f.Cy.Id);
        var assigner = f.Assigner();
        var first = await f.WaitingAsync();
        var second = await f.WaitingAsync();

        Assert.Null(await assigner.AssignAsync(first.Id));
        Assert.Equal(0, await assigner.AssignWaitingAsync());
        Assert.Empty(await f.LinesAsync(first.Id));

        f.Presence.Connect(f.Ben.Id);
        Assert.Equal(2, await assigner.AssignWaitingAsync(f.Sales.Id));
        Assert.Equal(f.Ben.Id, (await f.ThreadAsync(first.Id)).AssigneeId);
        Assert.Equal(f.Ben.Id, (await f.ThreadAsync(second.Id)).AssigneeId);
    }

    [Fact]
    public async Task Least_loaded_gives_to_the_member_with_fewest_open_conversations()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            await db.Departments.ExecuteUpdateAsync(d => d.SetProperty(x => x.AssignmentMode, AssignmentMode.LeastLoaded));
        }

        await f.WaitingAsync(assignee: f.Ana.Id, status: ThreadStatus.Open);
        await f.WaitingAsync(assignee: f.Ana.Id, status: ThreadStatus.Snoozed);
        await f.WaitingAsync(assignee: f.Ben.Id);
        await f.WaitingAsync(assignee: f.Cy.Id, status: ThreadStatus.Closed);
        await using (var db = f.Database.CreateDbContext())
        {
            await db.Threads.ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitsAssignment, false));
        }

        var assigner = f.Assigner();
        Assert.Equal(f.Cy.Id, await assigner.AssignAsync((await f.WaitingAsync()).Id));
        Assert.Equal(f.Ben.Id, await assigner.AssignAsync((await f.WaitingAsync()).Id));
        Assert.Equal(f.Cy.Id, await assigner.AssignAsync((await f.WaitingAsync()).Id));
    }

    [Fact]
    public async Task A_reopened_conversation_stays_with_an_available_assignee_and_moves_from_an_away_one()
    {
        var assigner = f.Assigner();
        var kept = await f.WaitingAsync(assignee: f.Cy.Id);
        Assert.Null(await assigner.AssignAsync(kept.Id));
        Assert.Equal(f.Cy.Id, (await f.ThreadAsync(kept.Id)).AssigneeId);
        Assert.False((await f.ThreadAsync(kept.Id)).AwaitsAssignment);

        await f.SetAsync(f.Cy.Id, away: true);
        var moved = await f.WaitingAsync(assignee: f.Cy.Id);
        Assert.Equal(f.Ana.Id, await assigner.AssignAsync(moved.Id));
        Assert.Equal(["Assigned to Ana Advisor in turn: the previous assignee is away"], await f.LinesAsync(moved.Id));
    }

    [Fact]
    public async Task With_assignment_off_a_waiting_conversation_just_stops_waiting()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            await db.Departments.ExecuteUpdateAsync(d => d.SetProperty(x => x.AssignmentMode, AssignmentMode.Off));
        }

        var thread = await f.WaitingAsync();
        Assert.Null(await f.Assigner().AssignAsync(thread.Id));
        var after = await f.ThreadAsync(thread.Id);
        Assert.Null(after.AssigneeId);
        Assert.False(after.AwaitsAssignment);
    }

    [Fact]
    public async Task A_conversation_assigned_by_hand_meanwhile_is_not_given_again()
    {
        var thread = await f.WaitingAsync();
        await using (var db = f.Database.CreateDbContext())
        {
            await db.Threads.ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, f.Cy.Id).SetProperty(x => x.AwaitsAssignment, false));
        }

        Assert.Null(await f.Assigner().AssignAsync(thread.Id));
        Assert.Equal(f.Cy.Id, (await f.ThreadAsync(thread.Id)).AssigneeId);
        Assert.Empty(await f.LinesAsync(thread.Id));
    }

    [Fact]
    public async Task Two_instances_assigning_at_once_give_every_conversation_once_and_keep_the_turns_even()
    {
        var threads = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            threads.Add((await f.WaitingAsync()).Id);
        }

        // Two assigners of their own (as on two instances), each working through the whole queue at the same moment.
        var a = f.Assigner();
        var b = f.Assigner();
        await Task.WhenAll(
            Task.Run(() => a.AssignWaitingAsync(f.Sales.Id)),
            Task.Run(() => b.AssignWaitingAsync(f.Sales.Id)),
            Task.Run(async () => { foreach (var id in threads.AsEnumerable().Reverse()) { await a.AssignAsync(id); } }));

        await using var db = f.Database.CreateDbContext();
        var rows = await db.Threads.AsNoTracking().Where(t => threads.Contains(t.Id)).ToListAsync();
        Assert.All(rows, t => Assert.False(t.AwaitsAssignment));
        Assert.All(rows, t => Assert.NotNull(t.AssigneeId));
        var lines = await db.Messages.AsNoTracking().Where(m => threads.Contains(m.ThreadId) && m.Kind == MessageKind.SystemEvent).ToListAsync();
        Assert.Equal(30, lines.Count);
        Assert.All(rows.GroupBy(t => t.AssigneeId), g => Assert.Equal(10, g.Count()));
        Assert.Equal(30, f.Events.Count(e => e.Change == ThreadChange.Assigned));
        Assert.Equal(30, (await db.Departments.SingleAsync()).AssignmentTurn);
    }
}
