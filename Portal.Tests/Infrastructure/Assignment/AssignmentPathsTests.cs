using Microsoft.EntityFrameworkCore;
using Portal.Core.Assignment;
using Portal.Core.Common;
using Portal.Core.Departments;
using Portal.Core.Inbound;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Core.Threads;
using Portal.Infrastructure.Assignment;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Inbound;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Assignment;

/// <summary>Where conversations start waiting and stop: an inbound text, a reply, a member leaving, the team settings.</summary>
public sealed class AssignmentPathsTests : IAsyncLifetime
{
    private SendingHarness h = default!;
    private readonly PortalUser ana = DataBuilder.User("Ana Advisor");
    private readonly PortalUser ben = DataBuilder.User("Ben Advisor");
    private readonly LocalUserPresence presence = new();
    private IConversationAssigner assigner = default!;

    public async Task InitializeAsync()
    {
        h = await SendingHarness.CreateAsync(SimulatorModule.Kind, "");
        await h.Database.SeedAsync(ana, ben,
            new DepartmentMember { DepartmentId = h.Department.Id, UserId = ana.Id },
            new DepartmentMember { DepartmentId = h.Department.Id, UserId = ben.Id });
        await SetModeAsync(AssignmentMode.RoundRobin);
        presence.Connect(ana.Id);
        presence.Connect(ben.Id);
        assigner = TestProviders.Assigner(h.Database, h.Notifier, presence, h.Clock);
    }

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task A_new_customers_first_text_is_assigned_at_once_and_a_text_to_an_open_one_is_not_reassigned()
    {
        var assigned = new TaskCompletionSource<ConversationEvent>();
        using var _ = h.Notifier.Subscribe(e => { if (e.Change == ThreadChange.Assigned) { assigned.TrySetResult(e); } return Task.CompletedTask; });
        await using var writer = TestProviders.Writer(h.Database, h.Jobs, h.Notifier, assigner);

        await writer.WriteAsync(Text("IN-1", "+13125550177", "Is the Tahoe still there?"));

        var e = await assigned.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ana.Id, e.Thread!.AssigneeId);
        await writer.WriteAsync(Text("IN-2", "+13125550177", "Hello?"));
        Assert.Equal(0, await Eventually.ValueAsync(AwaitingCountAsync, n => n == 0, TimeSpan.FromSeconds(10)));
        await using var db = h.Database.CreateDbContext();
        var thread = await db.Threads.SingleAsync(t => t.Id == e.ThreadId);
        Assert.Equal(ana.Id, thread.AssigneeId);
        Assert.Single(await db.Messages.Where(m => m.ThreadId == thread.Id && m.Kind == MessageKind.SystemEvent).ToListAsync());
    }

    [Fact]
    public async Task A_customer_reopening_a_closed_conversation_goes_to_the_next_member_when_its_assignee_left()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            var gone = DataBuilder.User("Gone Advisor");
            db.Users.Add(gone);
            await db.SaveChangesAsync();
            await db.Threads.Where(t => t.Id == h.Thread.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, ThreadStatus.Closed).SetProperty(x => x.AssigneeId, gone.Id));
        }

        await using var writer = TestProviders.Writer(h.Database, h.Jobs, h.Notifier, assigner);
        await writer.WriteAsync(Text("IN-3", h.Customer.Phone!, "Back again"));

        Assert.Equal(0, await Eventually.ValueAsync(AwaitingCountAsync, n => n == 0, TimeSpan.FromSeconds(10)));
        await using var after = h.Database.CreateDbContext();
        var thread = await after.Threads.SingleAsync(t => t.Id == h.Thread.Id);
        Assert.Equal(ThreadStatus.Open, thread.Status);
        Assert.Equal(ana.Id, thread.AssigneeId);
        Assert.Contains("Assigned to Ana Advisor in turn: the previous assignee is no longer in the department",
            await after.Messages.Where(m => m.ThreadId == thread.Id).Select(m => m.Body).ToListAsync());
    }

    [Fact]
    public async Task Replying_to_an_unassigned_conversation_claims_it_once_even_when_two_reply_together()
    {
        var scope = DepartmentScope.For(ana.Id, [Roles.Staff], [h.Department.Id]);
        var anaActor = new Actor(ana.Id, ana.DisplayName);
        var benActor = new Actor(ben.Id, ben.DisplayName);

        await Task.WhenAll(
            Task.Run(() => h.Outbound.QueueAsync(scope, h.Thread.Id, new ComposeRequest("I can help"), anaActor)),
            Task.Run(() => h.Outbound.QueueAsync(DepartmentScope.For(ben.Id, [Roles.Staff], [h.Department.Id]), h.Thread.Id, new ComposeRequest("Me too"), benActor)));

        await using var db = h.Database.CreateDbContext();
        var thread = await db.Threads.SingleAsync(t => t.Id == h.Thread.Id);
        Assert.Contains(thread.AssigneeId, new Guid?[] { ana.Id, ben.Id });
        var claim = Assert.Single(await db.Messages.Where(m => m.ThreadId == thread.Id && m.Kind == MessageKind.SystemEvent).ToListAsync());
        Assert.EndsWith("took this conversation by replying", claim.Body);
        Assert.Equal(thread.AssigneeId, claim.AuthorUserId);

        // Taken: a later reply by the other changes nothing, and an admin (not a member) never claims.
        await h.QueueAsync("From an admin");
        Assert.Equal(thread.AssigneeId, (await db.Threads.AsNoTracking().SingleAsync(t => t.Id == h.Thread.Id)).AssigneeId);
    }

    [Fact]
    public async Task A_member_removed_from_the_department_hands_back_open_conversations_and_they_go_to_the_next()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            await db.Threads.Where(t => t.Id == h.Thread.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, ben.Id));
        }

        var events = new List<ConversationEvent>();
        using var _ = h.Notifier.Subscribe(e => { lock (events) { events.Add(e); } return Task.CompletedTask; });
        await using (var db = h.Database.CreateDbContext())
        {
            await db.DepartmentMembers.Where(m => m.UserId == ben.Id).ExecuteDeleteAsync();
            var handed = await DepartureHandover.StageAsync(db, ben.Id, ben.DisplayName, [h.Department.Id], SendingHarness.Start, CancellationToken.None);
            await db.SaveChangesAsync();
            Assert.Equal(2, handed.Count);
        }

        Assert.Equal(1, await assigner.AssignWaitingAsync(h.Department.Id));
        await using var after = h.Database.CreateDbContext();
        Assert.Equal(ana.Id, (await after.Threads.SingleAsync(t => t.Id == h.Thread.Id)).AssigneeId);
        Assert.Equal(
            ["Ben Advisor is no longer in Sales, so this conversation is unassigned and goes to the next available member", "Assigned to Ana Advisor in turn"],
            await after.Messages.Where(m => m.ThreadId == h.Thread.Id && m.Kind == MessageKind.SystemEvent).OrderBy(m => m.CreatedAt).Select(m => m.Body).ToListAsync());
    }

    [Fact]
    public async Task Team_settings_refuse_bad_capacities_strangers_and_staff_and_save_a_managers_rules()
    {
        var settings = new TeamSettings(h.Database, presence, assigner, h.Notifier, new Portal.Infrastructure.Templates.TemplateService(h.Database), h.Clock);
        var admin = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
        var actor = new Actor(Guid.NewGuid(), "Admin");

        var negative = new TeamSettingsInput { Mode = AssignmentMode.LeastLoaded, Capacities = { [ana.Id] = -1 } };
        var refused = await Assert.ThrowsAsync<ValidationException>(() => settings.SaveAsync(admin, h.Department.Id, negative, actor));
        Assert.Contains("from 0 to 500", Assert.Single(refused.Errors[$"Capacities[{ana.Id}]"]));
        var stranger = new TeamSettingsInput { Mode = AssignmentMode.LeastLoaded, Capacities = { [Guid.NewGuid()] = 3 } };
        await Assert.ThrowsAsync<ValidationException>(() => settings.SaveAsync(admin, h.Department.Id, stranger, actor));
        var staff = DepartmentScope.For(ana.Id, [Roles.Staff], [h.Department.Id]);
        await Assert.ThrowsAsync<AccessDeniedException>(() => settings.SaveAsync(staff, h.Department.Id, new TeamSettingsInput(), actor));
        Assert.Empty(await settings.ListAsync(staff));

        await settings.SaveAsync(admin, h.Department.Id, new TeamSettingsInput { Mode = AssignmentMode.LeastLoaded, Capacities = { [ana.Id] = 0, [ben.Id] = null } }, actor);

        var view = Assert.Single(await settings.ListAsync(admin));
        Assert.Equal(AssignmentMode.LeastLoaded, view.Mode);
        Assert.Equal([(ana.Id, (int?)0, true), (ben.Id, null, true)], view.Members.Select(m => (m.UserId, m.Capacity, m.IsOnline)));
    }

    [Fact]
    public async Task Away_is_recorded_once_announced_to_the_users_screens_and_coming_back_gives_out_waiting_conversations()
    {
        var settings = new TeamSettings(h.Database, presence, assigner, h.Notifier, new Portal.Infrastructure.Templates.TemplateService(h.Database), h.Clock);
        var events = new List<ConversationEvent>();
        using var _ = h.Notifier.Subscribe(e => { lock (events) { events.Add(e); } return Task.CompletedTask; });
        await settings.SetAwayAsync(ana.Id, true);
        await settings.SetAwayAsync(ana.Id, true);
        presence.Disconnect(ben.Id);
        await using (var db = h.Database.CreateDbContext())
        {
            await db.Threads.Where(t => t.Id == h.Thread.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitsAssignment, true));
        }

        Assert.True(await settings.IsAwayAsync(ana.Id));
        Assert.Null(await assigner.AssignAsync(h.Thread.Id));
        Assert.Single(events, e => e.Kind == ConversationEventKind.AwayChanged && e.UserId == ana.Id);

        await settings.SetAwayAsync(ana.Id, false);

        Assert.False(await settings.IsAwayAsync(ana.Id));
        await using var after = h.Database.CreateDbContext();
        Assert.Equal(ana.Id, (await after.Threads.SingleAsync(t => t.Id == h.Thread.Id)).AssigneeId);
    }

    private async Task SetModeAsync(AssignmentMode mode)
    {
        await using var db = h.Database.CreateDbContext();
        await db.Departments.ExecuteUpdateAsync(d => d.SetProperty(x => x.AssignmentMode, mode));
    }

    private async Task<int> AwaitingCountAsync()
    {
        await using var db = h.Database.CreateDbContext();
        return await db.Threads.CountAsync(t => t.AwaitsAssignment);
    }

    private IngestItem Text(string id, string from, string body) =>
        new(h.Account.Id, new InboundTextEvent(id, from, h.Account.FromNumber!, body, [], SendingHarness.Start), SendingHarness.Start);

    [Fact]
    public async Task Where_only_the_assignee_replies_another_members_text_is_refused_and_sends_nothing_until_they_take_it_over()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            await db.Departments.ExecuteUpdateAsync(d => d.SetProperty(x => x.AssigneeOnlyReplies, true));
            await db.Threads.ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, ana.Id));
        }

        var benScope = DepartmentScope.For(ben.Id, [Roles.Staff], [h.Department.Id]);
        var benActor = new Actor(ben.Id, ben.DisplayName);
        var refused = await Assert.ThrowsAsync<AssigneeOnlyException>(() => h.Outbound.QueueAsync(benScope, h.Thread.Id, new ComposeRequest("I'll take this"), benActor));
        Assert.Equal("Only Ana Advisor, who has this conversation, replies to it. Take it over to reply.", refused.Message);
        Assert.Empty(h.Jobs.Sends);

        // The assignee, and an integration, may.
        await h.Outbound.QueueAsync(DepartmentScope.For(ana.Id, [Roles.Staff], [h.Department.Id]), h.Thread.Id, new ComposeRequest("Hi, Ana here"), new Actor(ana.Id, ana.DisplayName));
        await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Your appointment is confirmed", AuthorType: AuthorType.Api), new Actor(Guid.Empty, "DMS"));

        var threads = new Portal.Infrastructure.Threads.ThreadService(h.Database, h.Store, h.Notifier, h.Clock);
        await threads.AssignAsync(benScope, h.Thread.Id, ben.Id, benActor);
        await h.Outbound.QueueAsync(benScope, h.Thread.Id, new ComposeRequest("Ben here, I have it now"), benActor);

        Assert.Equal(3, h.Jobs.Sends.Count);
        await using var after = h.Database.CreateDbContext();
        Assert.Single(await after.AuditEntries.Where(e => e.Action == Portal.Core.Audit.AuditAction.TookOver && e.ActorUserId == ben.Id).ToListAsync());
    }
}
