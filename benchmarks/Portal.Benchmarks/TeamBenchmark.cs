using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Assignment;
using Portal.Core.Departments;
using Portal.Core.Presence;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Assignment;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Presence;
using Portal.Infrastructure.Realtime;

namespace Portal.Benchmarks;

/// <summary>
/// A team's inbox under load, through the app's own assigner and presence table over a SQLite file:
/// automatic assignment decisions while new conversations arrive at a fixed rate, and presence/typing signals with
/// many conversations open by two people each (every open page subscribes, as ThreadPresence does).
/// </summary>
internal static class TeamBenchmark
{
    public static async Task RunAsync(int conversations, int perSecond, int members, int openConversations, int signals)
    {
        await AssignmentAsync(conversations, perSecond, members);
        await PresenceAsync(openConversations, signals);
    }

    private static async Task AssignmentAsync(int conversations, int perSecond, int members)
    {
        var path = Path.Combine(Path.GetTempPath(), $"portal-team-bench-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath())).Options;
        var factory = new Factory(options);
        try
        {
            var department = new Department { Name = "BDC", TimeZoneId = "America/Chicago", AssignmentMode = AssignmentMode.LeastLoaded };
            var presence = new LocalUserPresence();
            await using (var db = factory.CreateDbContext())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                db.Departments.Add(department);
                for (var i = 0; i < members; i++)
                {
                    var user = new PortalUser { UserName = $"agent{i}@bench", Email = $"agent{i}@bench", DisplayName = $"Agent {i:00}", SecurityStamp = Guid.NewGuid().ToString() };
                    db.Users.Add(user);
                    db.DepartmentMembers.Add(new DepartmentMember { DepartmentId = department.Id, UserId = user.Id, Capacity = conversations });
                    presence.Connect(user.Id);
                }

                for (var i = 0; i < conversations; i++)
                {
                    var customer = new Customer { FirstName = $"Lead{i}", Phone = $"+1312{i:0000000}" };
                    db.Customers.Add(customer);
                    db.Threads.Add(new ConversationThread { DepartmentId = department.Id, CustomerId = customer.Id, LastActivityAt = DateTime.UtcNow, AwaitsAssignment = true });
                }

                await db.SaveChangesAsync();
            }

            var ids = await UnassignedAsync(factory);
            var notifier = new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance);
            var assigner = new ConversationAssigner(factory, new AssignmentCandidates(presence, TimeProvider.System), notifier, TimeProvider.System, NullLogger<ConversationAssigner>.Instance);
            // Two assigners, as two instances would have, taking alternate arrivals.
            var other = new ConversationAssigner(factory, new AssignmentCandidates(presence, TimeProvider.System), notifier, TimeProvider.System, NullLogger<ConversationAssigner>.Instance);
            var latencies = new double[ids.Count];
            var interval = TimeSpan.FromSeconds(1.0 / perSecond);
            var started = Stopwatch.StartNew();
            var work = new List<Task>();
            for (var i = 0; i < ids.Count; i++)
            {
                var due = interval * i;
                if (due > started.Elapsed)
                {
                    await Task.Delay(due - started.Elapsed);
                }

                var index = i;
                var arrived = Stopwatch.GetTimestamp();
                work.Add(Task.Run(async () =>
                {
                    await (index % 2 == 0 ? assigner : other).AssignAsync(ids[index]);
                    latencies[index] = Stopwatch.GetElapsedTime(arrived).TotalMilliseconds;
                }));
            }

            await Task.WhenAll(work);
            var wall = started.Elapsed;
            await using var check = factory.CreateDbContext();
            var unassigned = await check.Threads.CountAsync(t => t.AssigneeId == null);
            var loads = await check.Threads.GroupBy(t => t.AssigneeId).Select(g => g.Count()).ToListAsync();
            Array.Sort(latencies);
            Console.WriteLine();
            Console.WriteLine($"Assignment: {ids.Count:N0} new conversations at {perSecond}/s to {members} members (least loaded), two assigners, {wall.TotalSeconds:F1} s");
            Console.WriteLine("| decision (arrival → committed and announced) | p50 ms | p95 ms | p99 ms | max ms | unassigned | load min–max |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            Console.WriteLine($"| least loaded | {P(latencies, .50):F1} | {P(latencies, .95):F1} | {P(latencies, .99):F1} | {latencies[^1]:F1} | {unassigned} | {loads.Min()}–{loads.Max()} |");
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

    private static async Task PresenceAsync(int openConversations, int signals)
    {
        var notifier = new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance);
        var presence = new ConversationPresence(notifier, notifier, TimeProvider.System);
        await presence.StartAsync(CancellationToken.None);
        var threads = Enumerable.Range(0, openConversations).Select(_ => Guid.NewGuid()).ToArray();
        var department = Guid.NewGuid();
        var sent = new long[signals];
        var delivered = new double[signals];
        var remaining = signals;
        var done = new TaskCompletionSource();
        var subscriptions = new List<IDisposable>();
        // Two people in each conversation; each page listens for its own conversation, as ThreadPresence does.
        for (var t = 0; t < threads.Length; t++)
        {
            for (var viewer = 0; viewer < 2; viewer++)
            {
                var thread = threads[t];
                var me = viewer;
                subscriptions.Add(notifier.Subscribe(e =>
                {
                    if (e.Kind == ConversationEventKind.PresenceChanged && e.ThreadId == thread && e.PresenceSignal is { } signal && signal.SessionId != $"{thread}:{me}")
                    {
                        _ = presence.ViewersOf(thread, Guid.Empty);
                        var n = int.Parse(signal.Name);
                        delivered[n] = Stopwatch.GetElapsedTime(sent[n]).TotalMilliseconds;
                        if (Interlocked.Decrement(ref remaining) == 0)
                        {
                            done.TrySetResult();
                        }
                    }

                    return Task.CompletedTask;
                }));
            }
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < signals; i++)
        {
            var thread = threads[i % threads.Length];
            sent[i] = Stopwatch.GetTimestamp();
            await presence.AnnounceAsync(new PresenceSignal(thread, department, Guid.NewGuid(), i.ToString(), $"{thread}:{i % 2}", PresenceState.Typing, DateTime.UtcNow));
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var wall = clock.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Array.Sort(delivered);
        Console.WriteLine();
        Console.WriteLine($"Presence: {signals:N0} typing signals over {openConversations} open conversations with 2 viewers each ({openConversations * 2} subscribed pages), {wall.TotalSeconds:F2} s");
        Console.WriteLine("| signal → the other viewer's handler | p50 ms | p95 ms | max ms | server CPU per signal µs |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| typing | {P(delivered, .50):F3} | {P(delivered, .95):F3} | {delivered[^1]:F3} | {cpuUsed.TotalMicroseconds / signals:F1} |");
        subscriptions.ForEach(s => s.Dispose());
    }

    private static async Task<List<Guid>> UnassignedAsync(Factory factory)
    {
        await using var db = factory.CreateDbContext();
        return await db.Threads.OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync();
    }

    private static double P(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed class Factory(DbContextOptions<SqlitePortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);
    }
}
