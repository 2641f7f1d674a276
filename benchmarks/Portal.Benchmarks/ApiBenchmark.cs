using Microsoft.AspNetCore.SignalR.Client;
using Portal.Core.Departments;
using Portal.Infrastructure.Persistence;
using static Portal.Benchmarks.WebhookBenchmark;

namespace Portal.Benchmarks;

/// <summary>
/// The integration API on Kestrel with a key for every department: how fast <c>POST …/messages</c> is accepted
/// (persisted and enqueued, nothing sent), and a mixed soak of inbound webhooks, API sends that go out through a fake
/// Surge, and hub clients listening with the same key.
/// </summary>
internal static partial class ApiBenchmark
{
    private const string Key = "dcp_bench_all_0123456789abcdef";
    private static readonly Guid SurgeAccount = Guid.Parse("2b7f1c9e-3d4a-4e5b-8c6d-7e8f9a0b1c2d");

    private static readonly Dictionary<string, string?> ApiSettings = new()
    {
        ["Portal:ApiKeys:0:Name"] = "Bench DMS",
        ["Portal:ApiKeys:0:Key"] = Key,
        ["Portal:ApiKeys:0:Departments"] = "*",
        ["Portal:Api:RequestsPerMinute"] = "100000000",
    };

    public static async Task RunAcceptanceAsync(int seconds, int concurrency)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-api-bench-{Guid.NewGuid():N}.db");
        try
        {
            await using var portal = new PortalHost(databasePath, ApiSettings);
            portal.UseKestrel(0);
            portal.StartServer();
            using var http = Client(portal, concurrency);
            var sales = await SalesAsync(http);
            var customers = await CreateCustomersAsync(http, 200);

            Console.WriteLine($"{seconds} s per run, {concurrency} concurrent clients, loopback, SQLite file, Release build; sends are persisted and enqueued, not sent");
            Console.WriteLine();
            Console.WriteLine("| request | requests/s | p50 ms | p99 ms | errors |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            var counter = 0;
            HttpRequestMessage ToCustomer() => Post($"/api/v1/departments/{sales}/customers/{customers[Interlocked.Increment(ref counter) % customers.Count]}/messages",
                new { body = "Your vehicle is ready for pickup." });
            HttpRequestMessage ToNewNumber() => Post($"/api/v1/departments/{sales}/messages",
                new { to = $"+1708{5_000_000 + Interlocked.Increment(ref counter) % 4_000_000:D7}", body = "Thanks for your interest!" });

            await ClosedLoopAsync(http, ToCustomer, 3, concurrency); // warm-up, not reported
            foreach (var (label, make) in new (string, Func<HttpRequestMessage>)[]
            {
                ("send to a customer (open conversation, Idempotency-Key)", ToCustomer),
                ("send to a new number (customer and conversation created)", ToNewNumber),
            })
            {
                var result = await ClosedLoopAsync(http, make, seconds, concurrency);
                Console.WriteLine($"| {label} | {result.Rate:F0} | {result.P50:F1} | {result.P99:F1} | {result.Errors} |");
            }
        }
        finally
        {
            Delete(databasePath);
        }
    }

    /// <summary>
    /// Fixed rates (open loop): signed SignalWire webhooks into Service and API sends into Sales, which go out through a
    /// fake Surge by the job server, while hub clients listen with the API key. Per window: rate, p50/p99 and errors of
    /// each, pushes received against expected, memory. At the end: counts in against counts out.
    /// </summary>
    public static async Task RunSoakAsync(int seconds, int webhooksPerSecond, int sendsPerSecond, int hubClients, int windowSeconds)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-soak-{Guid.NewGuid():N}.db");
        var surgeRequests = 0;
        var surgeIds = new ConcurrentDictionary<Guid, byte>();
        var (surge, surgeUrl) = await StartFakeSurgeAsync(surgeIds, () => Interlocked.Increment(ref surgeRequests), latencyMs: 50);
        try
        {
            await using var portal = new PortalHost(databasePath, new Dictionary<string, string?>(ApiSettings)
            {
                ["Portal:Jobs:Server"] = "true",
                ["Portal:ProviderAccounts:1:Id"] = SurgeAccount.ToString(),
                ["Portal:ProviderAccounts:1:Kind"] = "Surge",
                ["Portal:ProviderAccounts:1:Name"] = "Fake Surge",
                ["Portal:ProviderAccounts:1:Department"] = "Sales",
                ["Portal:ProviderAccounts:1:Default"] = "true",
                ["Portal:ProviderAccounts:1:BaseUrl"] = surgeUrl,
                ["Portal:ProviderAccounts:1:AccountId"] = "acct_bench",
                ["Portal:ProviderAccounts:1:FromNumber"] = "+13125550100",
                ["Portal:ProviderAccounts:1:ApiToken"] = "bench-token",
            });
            portal.UseKestrel(0);
            portal.StartServer();
            var portalUrl = portal.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            using var http = Client(portal, 256);
            var sales = await SalesAsync(http);
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                // API texts are automated and keep to sending hours; the soak must not depend on the time of day.
                var department = await db.Departments.SingleAsync(d => d.Id == sales);
                department.SendingHours = new SendingHours(new TimeOnly(0, 0), new TimeOnly(23, 59, 59));
                await db.SaveChangesAsync();
            }

            var pushes = 0L;
            var connections = new List<HubConnection>();
            foreach (var batch in Enumerable.Range(0, hubClients).Chunk(50))
            {
                connections.AddRange(await Task.WhenAll(batch.Select(async _ =>
                {
                    var connection = new HubConnectionBuilder()
                        .WithUrl($"{portalUrl}/hubs/conversations", o => o.AccessTokenProvider = () => Task.FromResult<string?>(Key))
                        .Build();
                    connection.On<JsonElement>("MessageReceived", _ => Interlocked.Increment(ref pushes));
                    await connection.StartAsync();
                    return connection;
                })));
            }

            var webhooks = new Series();
            var sends = new Series();
            var webhookPath = $"/webhooks/signalwire/{AccountId}/messages";
            var accepted = new ConcurrentDictionary<Guid, byte>();
            Console.WriteLine($"{seconds} s: {webhooksPerSecond} webhooks/s and {sendsPerSecond} API sends/s (open loop), {hubClients} hub clients on the API key, " +
                "fake Surge at 50 ms, loopback, SQLite file, Release build");
            Console.WriteLine();
            Console.WriteLine("| window | webhooks/s | p50 ms | p99 ms | errors | API sends/s | p50 ms | p99 ms | errors | pushes received/expected | sent by provider | managed MB | working set MB |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");

            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var webhookLoad = OpenLoopAsync(webhooksPerSecond, clock, stop.Token, i => Webhook(http, portalUrl + webhookPath, i, webhooks));
            var sendLoad = OpenLoopAsync(sendsPerSecond, clock, stop.Token, i => Send(http, sales, i, sends, accepted));
            var pushesAtWindowStart = 0L;
            var webhooksAnsweredBefore = 0L;
            var firstWindowMemory = 0.0;
            var lastWindowMemory = 0.0;
            for (var window = 1; window * windowSeconds <= seconds; window++)
            {
                await Task.Delay(TimeSpan.FromSeconds(window * windowSeconds) - clock.Elapsed);
                var w = webhooks.Take();
                var s = sends.Take();
                var pushed = Interlocked.Read(ref pushes);
                var expected = (webhooks.Succeeded - webhooksAnsweredBefore) * hubClients;
                var memory = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
                firstWindowMemory = window == 1 ? memory : firstWindowMemory;
                lastWindowMemory = memory;
                Console.WriteLine($"| {(window - 1) * windowSeconds}–{window * windowSeconds} s | {w.Count / (double)windowSeconds:F0} | {w.P50:F1} | {w.P99:F1} | {w.Errors} | " +
                    $"{s.Count / (double)windowSeconds:F0} | {s.P50:F1} | {s.P99:F1} | {s.Errors} | {pushed - pushesAtWindowStart:N0}/{expected:N0} | {surgeIds.Count:N0} | " +
                    $"{memory:F0} | {Environment.WorkingSet / 1048576.0:F0} |");
                pushesAtWindowStart = pushed;
                webhooksAnsweredBefore = webhooks.Succeeded;
            }

            await Task.WhenAll(webhookLoad, sendLoad);
            // Let the job server finish what was accepted at the end.
            var drainBy = DateTime.UtcNow.AddSeconds(60);
            while (surgeIds.Count < accepted.Count && DateTime.UtcNow < drainBy)
            {
                await Task.Delay(200);
            }

            await Task.Delay(1000);
            await using var check = await dbFactory.CreateDbContextAsync();
            var stored = await check.Messages.CountAsync(m => m.ProviderMessageId != null && m.ProviderMessageId.StartsWith("SMsoak"));
            var statuses = await check.Messages.Where(m => m.IdempotencyKey != null && m.IdempotencyKey.Contains(":soak-"))
                .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Console.WriteLine();
            Console.WriteLine($"Webhooks: {webhooks.Succeeded:N0} answered 2xx, {webhooks.TotalErrors} errors, {stored:N0} stored; pushes {Interlocked.Read(ref pushes):N0} of {webhooks.Succeeded * hubClients:N0} expected.");
            Console.WriteLine($"API sends: {accepted.Count:N0} accepted, {sends.TotalErrors} errors; the fake Surge got {surgeRequests:N0} requests for {surgeIds.Count:N0} distinct messages " +
                $"({surgeRequests - surgeIds.Count} duplicates); statuses: {string.Join(", ", statuses.Select(x => $"{x.Key} {x.Count:N0}"))}; " +
                $"accepted but never at the provider: {accepted.Keys.Count(id => !surgeIds.ContainsKey(id))}.");
            Console.WriteLine($"Managed heap after full GC: {firstWindowMemory:F0} MB in the first window, {lastWindowMemory:F0} MB in the last.");
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
        finally
        {
            await surge.StopAsync();
            Delete(databasePath);
        }
    }
}
