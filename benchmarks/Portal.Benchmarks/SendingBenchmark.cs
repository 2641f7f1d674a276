using Portal.Core.Departments;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// The real sending pipeline (database, Hangfire job server with in-memory storage, dispatcher, Surge adapter over
/// HTTP) against a fake Surge on loopback that answers after a fixed latency. Reports send throughput and how late
/// scheduled messages leave relative to their send_at.
/// </summary>
internal static class SendingBenchmark
{
    public static async Task RunAsync(int count, int latencyMs, int workers)
    {
        var received = new ConcurrentDictionary<Guid, DateTime>();
        var fake = await StartFakeSurgeAsync(received, latencyMs);
        var path = Path.Combine(Path.GetTempPath(), $"portal-send-bench-{Guid.NewGuid():N}.db");
        try
        {
            var threadIds = await SeedAsync(path, Math.Max(1, count / 10));
            using var host = PipelineHost.Build(path, fake.Url, workers);
            await host.StartAsync();
            var outbound = host.Services.GetRequiredService<IOutboundMessageService>();
            var scope = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
            var actor = new Actor(Guid.Empty, "Benchmark");

            Console.WriteLine($"Fake Surge latency {latencyMs} ms, {workers} Hangfire workers, SQLite file, Release build");
            Console.WriteLine();

            // Send now.
            var clock = Stopwatch.StartNew();
            var ids = new List<Guid>(count);
            for (var i = 0; i < count; i++)
            {
                var message = await outbound.QueueAsync(scope, threadIds[i % threadIds.Count], new ComposeRequest($"Benchmark message {i}", ConfirmOutsideSendingHours: true), actor);
                ids.Add(message.Id);
            }

            var queued = clock.Elapsed;
            await WaitAsync(() => ids.All(received.ContainsKey), TimeSpan.FromMinutes(10));
            var sent = clock.Elapsed;
            Console.WriteLine("| send now | value |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| messages | {count} |");
            Console.WriteLine($"| queued (persist + enqueue) per second | {count / queued.TotalSeconds:F0} |");
            Console.WriteLine($"| sent per second, end to end | {count / sent.TotalSeconds:F1} |");
            Console.WriteLine($"| provider requests | {received.Count} (duplicates: {received.Count - ids.Distinct().Count()}) |");
            Console.WriteLine();

            // Send later: spread over 20 s starting 5 s from now.
            var scheduledCount = Math.Min(count, 200);
            var due = new Dictionary<Guid, DateTime>();
            var start = DateTime.UtcNow.AddSeconds(5);
            for (var i = 0; i < scheduledCount; i++)
            {
                var at = start.AddMilliseconds(20_000.0 * i / scheduledCount);
                var message = await outbound.QueueAsync(scope, threadIds[i % threadIds.Count], new ComposeRequest($"Scheduled {i}", SendAtUtc: at, ConfirmOutsideSendingHours: true), actor);
                due[message.Id] = at;
            }

            await WaitAsync(() => due.Keys.All(received.ContainsKey), TimeSpan.FromMinutes(5));
            var lateness = due.Select(d => (received[d.Key] - d.Value).TotalMilliseconds).Order().ToArray();
            Console.WriteLine("| send later (actual provider call − send_at) | ms |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| messages | {scheduledCount} |");
            Console.WriteLine($"| earliest | {lateness[0]:F0} |");
            Console.WriteLine($"| p50 | {Percentile(lateness, 0.50):F0} |");
            Console.WriteLine($"| p95 | {Percentile(lateness, 0.95):F0} |");
            Console.WriteLine($"| p99 | {Percentile(lateness, 0.99):F0} |");
            Console.WriteLine($"| max | {lateness[^1]:F0} |");
            Console.WriteLine($"| sent early | {lateness.Count(l => l < 0)} |");
            await host.StopAsync();
        }
        finally
        {
            await fake.App.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static async Task<List<Guid>> SeedAsync(string path, int threads)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath())).Options;
        await using var db = new SqlitePortalDbContext(options);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var department = new Department { Name = "Bench", TimeZoneId = "UTC", SendingHours = new SendingHours(new TimeOnly(0, 0), new TimeOnly(23, 59)) };
        db.Departments.Add(department);
        var ids = new List<Guid>();
        for (var i = 0; i < threads; i++)
        {
            var customer = new Customer { FirstName = $"Bench{i}", Phone = $"+1312555{i % 10_000:D4}" };
            var thread = new ConversationThread { DepartmentId = department.Id, CustomerId = customer.Id, LastActivityAt = DateTime.UtcNow };
            db.AddRange(customer, thread);
            ids.Add(thread.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static async Task<(WebApplication App, string Url)> StartFakeSurgeAsync(ConcurrentDictionary<Guid, DateTime> received, int latencyMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/accounts/{account}/messages", async (HttpRequest request) =>
        {
            var at = DateTime.UtcNow;
            using var json = await JsonDocument.ParseAsync(request.Body);
            var id = Guid.Parse(json.RootElement.GetProperty("metadata").GetProperty("portal_message_id").GetString()!);
            received.TryAdd(id, at);
            await Task.Delay(latencyMs);
            return Results.Json(new { id = $"msg_{Guid.NewGuid():N}" }, statusCode: 201);
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The benchmark did not finish in time.");
            }

            await Task.Delay(50);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
