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
    public static async Task RunAsync(int responses, int threads, int runs, int messages = 1_000_000)
    {
        // PORTAL_BENCH_DB=file keeps the seeded file between runs (seeded when missing), to measure a change again quickly.
        var kept = Environment.GetEnvironmentVariable("PORTAL_BENCH_DB");
        var reuse = kept is not null && File.Exists(kept);
        var path = kept ?? Path.Combine(Path.GetTempPath(), $"portal-reports-bench-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath())).Options;
        var factory = new Factory(options);
        try
        {
            var now = new DateTime(2026, 12, 2, 18, 0, 0, DateTimeKind.Utc);
            Guid[] departments;
            if (reuse)
            {
                await using var db = factory.CreateDbContext();
                var byName = await db.Departments.ToDictionaryAsync(d => d.Name, d => d.Id);
                departments = [byName["Sales"], byName["Service"], byName["Parts"]];
                Console.WriteLine($"Reusing {path} ({new FileInfo(path).Length / 1048576.0:F0} MB).");
            }
            else
            {
                (departments, var seeded) = await SeedAsync(factory, responses, threads, now);
                var history = await ReportsBenchmarkHistory.SeedAsync(factory, path, departments, threads, messages, now);
                Console.WriteLine($"{seeded:N0} response rows and {messages:N0} texts over 365 days, {threads:N0} conversations, {history.Campaigns} campaigns, " +
                    $"{history.ConsentEntries:N0} consent entries, 3 departments, 12 people (SQLite file, {new FileInfo(path).Length / 1048576.0:F0} MB).");
            }

            var counter = new Portal.Infrastructure.Reports.ActivityCounter(factory, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Infrastructure.Reports.ActivityCounter>.Instance);
            var counting = Stopwatch.GetTimestamp();
            await counter.RunOnceAsync(CancellationToken.None);
            Console.WriteLine(reuse
                ? $"Recounting the last eight days (the counts were kept): {Stopwatch.GetElapsedTime(counting).TotalSeconds:F1} s."
                : $"Counting the year's texts into hourly rows, once (an upgrade's first run): {Stopwatch.GetElapsedTime(counting).TotalSeconds:F1} s.");
            Console.WriteLine();
            Console.WriteLine("| report | p50 ms | p95 ms |");
            Console.WriteLine("| --- | ---: | ---: |");
            var all = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
            var service = DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [departments[1]]);
            var chicago = DepartmentTimeZone.Find("America/Chicago");
            var month = ReportRange.For(ReportPeriod.Last30Days, chicago, now);
            var year = new ReportRange(now.AddDays(-365), now) { Zone = chicago };
            var responsiveness = new Portal.Infrastructure.Reports.ResponsivenessReport(factory);
            var waiting = new Portal.Infrastructure.Reports.Reports(factory);
            await TimeAsync("response times, 30 days, every department", () => responsiveness.GetAsync(all, new ReportFilter(), month), runs);
            await TimeAsync("response times, 30 days, one manager's department", () => responsiveness.GetAsync(service, new ReportFilter(), month), runs);
            await TimeAsync("response times, a year, every department", () => responsiveness.GetAsync(all, new ReportFilter(), year), runs);
            await TimeAsync("every-minute recount (this hour and the last)", async () => { await counter.RunOnceAsync(CancellationToken.None); return 0; }, runs);
            var activity = new Portal.Infrastructure.Reports.ActivityReports(factory);
            foreach (var (label, range) in new[] { ("30 days", month), ("a year", year) })
            {
                await TimeAsync($"volume, {label}, every department", () => activity.VolumeAsync(all, new ReportFilter(), range), runs);
                await TimeAsync($"delivery, {label}, every department", () => activity.DeliveryAsync(all, new ReportFilter(), range), runs);
                await TimeAsync($"campaigns, {label}, every department", () => activity.CampaignsAsync(all, new ReportFilter(), range), runs);
                await TimeAsync($"consent, {label}, every department", () => activity.ConsentAsync(all, new ReportFilter(), range), runs);
                await TimeAsync($"consent, {label}, one manager's department", () => activity.ConsentAsync(service, new ReportFilter(), range), runs);
            }

            await TimeAsync($"volume, 30 days, one manager's department", () => activity.VolumeAsync(service, new ReportFilter(), month), runs);
            await TimeAsync("waiting now, every department (50 listed)", () => waiting.WaitingNowAsync(all, new ReportFilter()), runs);
            await TimeAsync("waiting per department (metrics)", () => waiting.WaitingByDepartmentAsync(), runs);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in kept is null ? new[] { "", "-wal", "-shm" } : [])
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
