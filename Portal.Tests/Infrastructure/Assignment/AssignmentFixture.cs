using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Assignment;
using Portal.Core.Departments;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Assignment;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Realtime;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Assignment;

/// <summary>Sales (round-robin) with Ana, Ben and Cy, all signed in; a real SQLite file so assigners can race.</summary>
internal sealed class AssignmentFixture : IAsyncDisposable
{
    public static readonly DateTime Now = new(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);

    private int customers;

    public TestDatabase Database { get; } = new(onDisk: true);
    public Department Sales { get; } = DataBuilder.Department("Sales");
    public PortalUser Ana { get; } = DataBuilder.User("Ana Advisor");
    public PortalUser Ben { get; } = DataBuilder.User("Ben Advisor");
    public PortalUser Cy { get; } = DataBuilder.User("Cy Advisor");
    public LocalUserPresence Presence { get; } = new();
    public InProcessConversationNotifier Notifier { get; } = new(NullLogger<InProcessConversationNotifier>.Instance);
    public List<ConversationEvent> Events { get; } = [];

    public IConversationAssigner Assigner() => TestProviders.Assigner(Database, Notifier, Presence);

    public static async Task<AssignmentFixture> CreateAsync(AssignmentMode mode = AssignmentMode.RoundRobin)
    {
        var f = new AssignmentFixture();
        f.Sales.AssignmentMode = mode;
        await f.Database.SeedAsync(f.Sales, f.Ana, f.Ben, f.Cy,
            new DepartmentMember { DepartmentId = f.Sales.Id, UserId = f.Ana.Id },
            new DepartmentMember { DepartmentId = f.Sales.Id, UserId = f.Ben.Id },
            new DepartmentMember { DepartmentId = f.Sales.Id, UserId = f.Cy.Id });
        f.Presence.Connect(f.Ana.Id);
        f.Presence.Connect(f.Ben.Id);
        f.Presence.Connect(f.Cy.Id);
        f.Notifier.Subscribe(e =>
        {
            lock (f.Events)
            {
                f.Events.Add(e);
            }

            return Task.CompletedTask;
        });
        return f;
    }

    /// <summary>A new customer's conversation, waiting for assignment as the inbound pipeline leaves it.</summary>
    public async Task<ConversationThread> WaitingAsync(Guid? assignee = null, ThreadStatus status = ThreadStatus.Open)
    {
        var n = Interlocked.Increment(ref customers);
        var customer = DataBuilder.Customer($"Customer{n}", "Test", $"+1312555{n:0000}");
        var thread = DataBuilder.Thread(Sales, customer, Now.AddMinutes(n), assignee);
        thread.AwaitsAssignment = true;
        thread.Status = status;
        await Database.SeedAsync(customer, thread);
        return thread;
    }

    public async Task<ConversationThread> ThreadAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Threads.AsNoTracking().SingleAsync(t => t.Id == id);
    }

    public async Task<List<string>> LinesAsync(Guid threadId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId).OrderBy(m => m.CreatedAt).Select(m => m.Body).ToListAsync();
    }

    public async Task SetAsync(Guid userId, int? capacity = null, bool away = false)
    {
        await using var db = Database.CreateDbContext();
        await db.DepartmentMembers.Where(m => m.UserId == userId).ExecuteUpdateAsync(m => m.SetProperty(x => x.Capacity, capacity));
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.AwaySince, away ? Now : null));
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
