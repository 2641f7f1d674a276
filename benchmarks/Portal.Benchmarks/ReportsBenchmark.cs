using Portal.Core.Departments;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// The reports over a year of answers on a SQLite file, through the app's own queries: <c>ResponseTimes</c> rows
/// spread over 365 days in three departments and twelve people (a dealership's year of answers: about a third as many
/// rows as texts), conversations to match, some waiting now. Each report is timed cold-ish (a new context per run).
/// </summary>
internal static class ReportsBenchmark
{
    public static async Task RunAsync(int responses, int threads, int runs)
    {
        var path = Path.Combine(Path.GetTempPath(), $"portal-reports-bench-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath())).Options;
        var factory = new Factory(options);
        try
        {
            var now = new DateTime(2026, 12, 2, 18, 0, 0, DateTimeKind.Utc);
            var (departments, seeded) = await SeedAsync(factory, responses, threads, now);
            Console.WriteLine($"{seeded:N0} response rows over 365 days, {threads:N0} conversations, 3 departments, 12 people (SQLite file, {new FileInfo(path).Length / 1048576.0:F0} MB).");
            Console.WriteLine();
            Console.WriteLine("| report | p50 ms | p95 ms |");
            Console.WriteLine("| --- | ---: | ---: |");
            var all = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
            var service = DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [departments[1]]);
            var chicago = DepartmentTimeZone.Find("America/Chicago");
            var month = ReportRange.For(ReportPeriod.Last30Days, chicago, now);
            var year = new ReportRange(now.AddDays(-365), now);
            var responsiveness = new Portal.Infrastructure.Reports.ResponsivenessReport(factory);
            var waiting = new Portal.Infrastructure.Reports.Reports(factory);
            await TimeAsync("response times, 30 days, every department", () => responsiveness.GetAsync(all, new ReportFilter(), month), runs);
            await TimeAsync("response times, 30 days, one manager's department", () => responsiveness.GetAsync(service, new ReportFilter(), month), runs);
            await TimeAsync("response times, a year, every department", () => responsiveness.GetAsync(all, new ReportFilter(), year), runs);
            await TimeAsync("waiting now, every department (50 listed)", () => waiting.WaitingNowAsync(all, new ReportFilter()), runs);
            await TimeAsync("waiting per department (metrics)", () => waiting.WaitingByDepartmentAsync(), runs);
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

    private static async Task TimeAsync<T>(string name, Func<Task<T>> report, int runs)
    {
        await report();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await report();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        Console.WriteLine($"| {name} | {WebhookBenchmark.Percentile(samples, 0.5):F1} | {WebhookBenchmark.Percentile(samples, 0.95):F1} |");
    }

    private static async Task<(Guid[] Departments, int Rows)> SeedAsync(Factory factory, int responses, int threads, DateTime now)
    {
        var random = new Random(19);
        var departments = new[] { "Sales", "Service", "Parts" }.Select(n => new Department { Name = n, TimeZoneId = "America/Chicago" }).ToArray();
        var users = Enumerable.Range(0, 12).Select(i => new PortalUser { UserName = $"u{i}@bench", Email = $"u{i}@bench", DisplayName = $"Person {i:00}", SecurityStamp = Guid.NewGuid().ToString() }).ToArray();
        var threadIds = new (Guid Id, int Department)[threads];
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            db.Departments.AddRange(departments);
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
        }

        for (var batch = 0; batch < threads; batch += 5000)
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(threads, batch + 5000); i++)
            {
                var department = i % 3;
                var customer = new Customer { FirstName = $"C{i}", Phone = $"+1312{i:0000000}" };
                var thread = new ConversationThread
                {
                    DepartmentId = departments[department].Id, CustomerId = customer.Id, LastActivityAt = now.AddMinutes(-random.Next(525_600)),
                    AwaitingReplySince = i % 50 == 0 ? now.AddMinutes(-random.Next(10_000)) : null,
                };
                db.Customers.Add(customer);
                db.Threads.Add(thread);
                threadIds[i] = (thread.Id, department);
            }

            await db.SaveChangesAsync();
        }

        for (var batch = 0; batch < responses; batch += 10_000)
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(responses, batch + 10_000); i++)
            {
                var (threadId, department) = threadIds[random.Next(threads)];
                var wall = (int)Math.Min(int.MaxValue, Math.Exp(random.NextDouble() * 11));
                var answered = now.AddMinutes(-random.Next(525_600));
                db.ResponseTimes.Add(new ResponseTime
                {
                    ThreadId = threadId, DepartmentId = departments[department].Id, ResponderUserId = users[department * 4 + random.Next(4)].Id,
                    IsFirstResponse = random.Next(3) == 0, WallSeconds = wall, BusinessSeconds = wall / (1 + random.Next(3)),
                    AnsweredAt = answered, WaitedFrom = answered.AddSeconds(-wall),
                });
            }

            await db.SaveChangesAsync();
        }

        return ([.. departments.Select(d => d.Id)], responses);
    }

    private sealed class Factory(DbContextOptions<SqlitePortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);
    }
}
