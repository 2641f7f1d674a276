using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Common;
using Portal.Core.Departments;
using Portal.Core.Escalation;
using Portal.Core.Inbound;
using Portal.Core.Messages;
using Portal.Core.Notifications;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Infrastructure.Assignment;
using Portal.Infrastructure.Escalation;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Inbound;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Escalation;

/// <summary>Sales in Chicago, open 9:00–18:00 on weekdays: the assignee is told after 15 business minutes, managers 30 after that.</summary>
public sealed class UnansweredEscalationTests : IAsyncLifetime
{
    private SendingHarness h = default!;
    private readonly PortalUser ana = DataBuilder.User("Ana Advisor");
    private readonly PortalUser ben = DataBuilder.User("Ben Advisor");
    private readonly PortalUser mia = DataBuilder.User("Mia Manager");
    private readonly LocalUserPresence presence = new();
    private readonly List<ConversationEvent> events = [];
    private UnansweredEscalation escalation = default!;
    private int texts;

    public async Task InitializeAsync()
    {
        h = await SendingHarness.CreateAsync(SimulatorModule.Kind, "");
        var manager = new IdentityRole<Guid>(Roles.Manager) { Id = Guid.NewGuid(), NormalizedName = Roles.Manager.ToUpperInvariant() };
        await h.Database.SeedAsync(ana, ben, mia, manager,
            new IdentityUserRole<Guid> { UserId = mia.Id, RoleId = manager.Id },
            new DepartmentMember { DepartmentId = h.Department.Id, UserId = ana.Id },
            new DepartmentMember { DepartmentId = h.Department.Id, UserId = ben.Id },
            new DepartmentMember { DepartmentId = h.Department.Id, UserId = mia.Id });
        await using (var db = h.Database.CreateDbContext())
        {
            var sales = await db.Departments.SingleAsync();
            sales.SendingHours = new SendingHours(new TimeOnly(9, 0), new TimeOnly(18, 0))
            {
                Days = [DaySendingHours.Closed(DayOfWeek.Saturday), DaySendingHours.Closed(DayOfWeek.Sunday)],
            };
            sales.Escalation = new EscalationRules(15, 30);
            await db.SaveChangesAsync();
            await db.Threads.ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, ana.Id));
        }

        presence.Connect(ana.Id);
        presence.Connect(ben.Id);
        h.Notifier.Subscribe(e => { lock (events) { events.Add(e); } return Task.CompletedTask; });
        escalation = new UnansweredEscalation(h.Database, h.Notifier, TestProviders.Assigner(h.Database, h.Notifier, presence, h.Clock), h.Clock, NullLogger<UnansweredEscalation>.Instance);
    }

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task A_text_before_the_weekend_is_escalated_on_Monday_at_the_business_minute_across_the_DST_change_of_2027_and_only_once()
    {
        await TextAsync("2027-11-05T22:50:00Z", "Can someone call me?");   // Friday 17:50 CDT

        foreach (var quiet in new[] { "2027-11-06T15:00:00Z", "2027-11-07T18:00:00Z", "2027-11-08T15:04:59Z" })
        {
            Assert.Equal(0, await EscalateAtAsync(quiet));
        }

        Assert.Equal(1, await EscalateAtAsync("2027-11-08T15:05:00Z"));   // Monday 9:05 CST
        Assert.Equal(0, await EscalateAtAsync("2027-11-08T15:05:00Z"));
        var told = Assert.Single(await NotificationsAsync());
        Assert.Equal((ana.Id, NotificationKind.Overdue, "Ana Ruiz has waited 15 business minutes for an answer in Sales"), (told.UserId, told.Kind, told.Text));
        Assert.Single(events, e => e.Kind == ConversationEventKind.NotificationAdded && e.UserId == ana.Id);
        Assert.True(events.Last(e => e.Kind == ConversationEventKind.ThreadUpdated).Thread!.Overdue);

        Assert.Equal(0, await EscalateAtAsync("2027-11-08T15:34:00Z"));
        Assert.Equal(1, await EscalateAtAsync("2027-11-08T15:35:00Z"));
        var managers = (await NotificationsAsync()).Where(n => n.Kind == NotificationKind.OverdueForManagers).ToList();
        Assert.Equal([mia.Id], managers.Select(n => n.UserId));
        Assert.Equal("Ana Ruiz has waited 45 business minutes for an answer in Sales (Ana Advisor's)", managers[0].Text);
        Assert.Equal(0, await EscalateAtAsync("2027-11-09T15:00:00Z"));
        Assert.Equal(2, await LinesAsync("Overdue", "Still no answer"));
    }

    [Fact]
    public async Task A_text_at_night_counts_from_the_opening_and_an_answer_stops_the_clock()
    {
        await TextAsync("2027-11-09T02:00:00Z", "Price on the Civic?");   // Monday 20:00 CST
        Assert.Equal(0, await EscalateAtAsync("2027-11-09T15:10:00Z"));

        await h.Outbound.QueueAsync(DepartmentScope.For(ana.Id, [Roles.Staff], [h.Department.Id]), h.Thread.Id, new ComposeRequest("It's $21,400"), new Actor(ana.Id, ana.DisplayName));

        Assert.Equal(0, await EscalateAtAsync("2027-11-09T15:15:00Z"));
        Assert.Equal(0, await EscalateAtAsync("2027-11-11T15:15:00Z"));
        Assert.Empty(await NotificationsAsync());
    }

    [Fact]
    public async Task An_unassigned_text_tells_the_whole_department_and_reassignment_with_managers_moves_it()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            var sales = await db.Departments.SingleAsync();
            sales.Escalation = new EscalationRules(15, 30, ReassignWithManagers: true);
            sales.AssignmentMode = Portal.Core.Assignment.AssignmentMode.RoundRobin;
            await db.SaveChangesAsync();
            await db.Threads.ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, (Guid?)null));
        }

        await TextAsync("2027-11-08T15:00:00Z", "Hello?");
        Assert.Equal(1, await EscalateAtAsync("2027-11-08T15:15:00Z"));
        Assert.Equal(new[] { ana.Id, ben.Id, mia.Id }.Order(), (await NotificationsAsync()).Select(n => n.UserId).Order());

        await using (var db = h.Database.CreateDbContext())
        {
            await db.Threads.ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, ben.Id));
        }

        Assert.Equal(1, await EscalateAtAsync("2027-11-08T15:45:00Z"));
        await using var after = h.Database.CreateDbContext();
        var thread = await after.Threads.SingleAsync(t => t.Id == h.Thread.Id);
        Assert.NotEqual(ben.Id, thread.AssigneeId);
        Assert.NotNull(thread.AssigneeId);
    }

    [Fact]
    public async Task A_closed_conversation_is_never_escalated_and_keywords_start_no_wait()
    {
        await TextAsync("2027-11-08T15:00:00Z", "STOP");
        Assert.Equal(0, await EscalateAtAsync("2027-11-08T18:00:00Z"));

        await TextAsync("2027-11-08T18:00:00Z", "Actually, one question");
        await using (var db = h.Database.CreateDbContext())
        {
            await db.Threads.ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, Portal.Core.Threads.ThreadStatus.Closed));
        }

        Assert.Equal(0, await EscalateAtAsync("2027-11-08T20:00:00Z"));
        Assert.Empty(await NotificationsAsync());
    }

    private async Task<int> EscalateAtAsync(string at)
    {
        h.Clock.SetUtcNow(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        return await escalation.EscalateDueAsync();
    }

    private async Task TextAsync(string at, string body)
    {
        var when = DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        h.Clock.SetUtcNow(new DateTimeOffset(when));
        await using var writer = TestProviders.Writer(h.Database, h.Jobs, h.Notifier);
        await writer.WriteAsync(new IngestItem(h.Account.Id, new InboundTextEvent($"SM-{Interlocked.Increment(ref texts)}", h.Customer.Phone!, h.Account.FromNumber!, body, [], when), when));
    }

    private async Task<List<Notification>> NotificationsAsync()
    {
        await using var db = h.Database.CreateDbContext();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.CreatedAt).ToListAsync();
    }

    private async Task<int> LinesAsync(params string[] starts)
    {
        await using var db = h.Database.CreateDbContext();
        var lines = await db.Messages.AsNoTracking().Where(m => m.Kind == MessageKind.SystemEvent && m.AuthorName == "Escalation").Select(m => m.Body).ToListAsync();
        return lines.Count(l => starts.Any(l.StartsWith));
    }
}
