using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// Server time of the inbox queries on a SQLite file holding <c>threads</c> conversations of
/// <c>perThread</c> messages each (10,000 × 10 = 100,000 messages by default), through the app's own services.
/// </summary>
internal static class InboxBenchmark
{
    public static async Task RunAsync(int threadCount, int perThread)
    {
        var path = Path.Combine(Path.GetTempPath(), $"portal-bench-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath()))
            .Options;
        var factory = new Factory(options);
        try
        {
            var seeded = Stopwatch.StartNew();
            var (departments, userId, sampleThread, sampleName) = await SeedAsync(factory, threadCount, perThread);
            Console.WriteLine($"Seeded {threadCount:N0} threads, {threadCount * perThread:N0} messages in {seeded.Elapsed.TotalSeconds:F1} s ({path})");

            var services = Services.Create(factory);
            var admin = DepartmentScope.For(userId, [Roles.Admin], []);
            var staff = DepartmentScope.For(userId, [Roles.Staff], [departments[0]]);

            Console.WriteLine();
            Console.WriteLine("| query | median ms | p95 ms |");
            Console.WriteLine("| --- | ---: | ---: |");
            await Measure.TimeAsync("inbox first page, admin, all departments", () => services.Inbox.GetThreadsAsync(admin, new InboxFilter(), 1, 50));
            await Measure.TimeAsync("inbox first page, staff, one department", () => services.Inbox.GetThreadsAsync(staff, new InboxFilter(), 1, 50));
            await Measure.TimeAsync("inbox page 20, staff", () => services.Inbox.GetThreadsAsync(staff, new InboxFilter(), 20, 50));
            await Measure.TimeAsync("inbox unread only, staff", () => services.Inbox.GetThreadsAsync(staff, new InboxFilter { UnreadOnly = true }, 1, 50));
            await Measure.TimeAsync("inbox assigned to me, staff", () => services.Inbox.GetThreadsAsync(staff, new InboxFilter { AssignedToMe = true }, 1, 50));
            await Measure.TimeAsync("inbox search by last name, admin", () => services.Inbox.GetThreadsAsync(admin, new InboxFilter { Search = sampleName, Status = null }, 1, 50));
            await Measure.TimeAsync("inbox search by phone digits, admin", () => services.Inbox.GetThreadsAsync(admin, new InboxFilter { Search = "555-01", Status = null }, 1, 50));
            await Measure.TimeAsync("department unread counts, staff", () => services.Inbox.GetDepartmentCountsAsync(staff));
            await Measure.TimeAsync("department unread counts, admin (5 departments)", () => services.Inbox.GetDepartmentCountsAsync(admin));
            await Measure.TimeAsync("inbox unread only, admin", () => services.Inbox.GetThreadsAsync(admin, new InboxFilter { UnreadOnly = true }, 1, 50));
            await Measure.TimeAsync("thread page (detail with history)", () => services.Threads.GetAsync(admin, sampleThread));
            await Measure.TimeAsync("customers first page, staff", () => services.Customers.SearchAsync(staff, null, 1, 50));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static async Task<(List<Guid> Departments, Guid UserId, Guid SampleThread, string SampleName)> SeedAsync(Factory factory, int threadCount, int perThread)
    {
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        var random = new Random(42);
        var departments = new[] { "Sales", "Service", "Parts", "BDC", "F&I" }.Select(n => new Department { Name = n }).ToList();
        var userId = Guid.NewGuid();
        var now = DateTime.UtcNow;
        await using (var db = factory.CreateDbContext())
        {
            db.Departments.AddRange(departments);
            await db.SaveChangesAsync();
        }

        Guid sampleThread = default;
        var sampleName = "";
        const int batch = 1_000;
        for (var start = 0; start < threadCount; start += batch)
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(threadCount, start + batch); i++)
            {
                var customer = new Customer { FirstName = $"First{i}", LastName = $"Last{i:D5}", Phone = $"+1312{random.Next(200, 999)}{i % 10_000:D4}" };
                var thread = new ConversationThread
                {
                    DepartmentId = departments[i % departments.Count].Id,
                    CustomerId = customer.Id,
                    AssigneeId = i % 7 == 0 ? userId : null,
                    LastActivityAt = now.AddMinutes(-i * 3),
                };
                db.Customers.Add(customer);
                db.Threads.Add(thread);
                for (var m = 0; m < perThread; m++)
                {
                    var at = thread.LastActivityAt.AddMinutes(-(perThread - m) * 5);
                    var message = m % 2 == 0
                        ? Message.Create(thread.Id, MessageDirection.Inbound, MessageKind.Text, $"Customer message {m} about the vehicle", MessageStatus.Received, at)
                        : Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, $"Dealership reply {m}", MessageStatus.Draft, at);
                    thread.Touch(message);
                    db.Messages.Add(message);
                }

                if (i % 3 != 0)
                {
                    db.ThreadReadStates.Add(new ThreadReadState { ThreadId = thread.Id, UserId = userId, LastReadAt = thread.LastActivityAt });
                }

                if (i == threadCount / 2)
                {
                    sampleThread = thread.Id;
                    sampleName = customer.LastName;
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        return (departments.Select(d => d.Id).ToList(), userId, sampleThread, sampleName);
    }

    private sealed class Factory(DbContextOptions<SqlitePortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);
    }
}
