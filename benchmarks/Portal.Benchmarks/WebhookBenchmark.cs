using Microsoft.AspNetCore.SignalR.Client;
using Portal.Infrastructure.Providers.SignalWire;

namespace Portal.Benchmarks;

/// <summary>
/// Signed inbound webhooks against the whole portal on Kestrel (signature, webhook record, dedupe, customer and thread
/// lookup, insert, notify), next to a bare endpoint that verifies the same signature and inserts the same row into the
/// same kind of database; then push latency from webhook request to hub clients.
/// </summary>
internal static partial class WebhookBenchmark
{
    internal static readonly Guid AccountId = Guid.Parse("4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b0a");
    internal const string SigningKey = "bench-signing-key";
    internal const string PublicBase = "https://portal.example.com";

    public static async Task RunAsync(int seconds, int concurrency, int[] clientCounts)
    {
        var portalDb = Path.Combine(Path.GetTempPath(), $"portal-hook-bench-{Guid.NewGuid():N}.db");
        var bareDb = Path.Combine(Path.GetTempPath(), $"portal-bare-bench-{Guid.NewGuid():N}.db");
        try
        {
            await using var portal = new PortalHost(portalDb);
            portal.UseKestrel(0);
            portal.StartServer();
            var portalUrl = portal.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            var (bare, bareUrl) = await StartBareAsync(bareDb);

            Console.WriteLine($"{seconds} s per run, {concurrency} concurrent senders, loopback, SQLite file, Release build");
            Console.WriteLine();
            Console.WriteLine("| endpoint | requests/s | p50 ms | p99 ms | errors |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            var bareResult = await LoadAsync($"{bareUrl}/bare", $"{PublicBase}/bare", seconds, concurrency);
            Console.WriteLine($"| bare: signature + one insert | {bareResult.Rate:F0} | {bareResult.P50:F1} | {bareResult.P99:F1} | {bareResult.Errors} |");
            var path = $"/webhooks/signalwire/{AccountId}/messages";
            var full = await LoadAsync(portalUrl + path, PublicBase + path, seconds, concurrency);
            Console.WriteLine($"| portal: full pipeline | {full.Rate:F0} | {full.P50:F1} | {full.P99:F1} | {full.Errors} |");
            Console.WriteLine($"| ratio portal / bare | {full.Rate / bareResult.Rate:P0} | | | |");
            Console.WriteLine();

            var cookie = await SignInAsync(portalUrl);
            Console.WriteLine("| hub clients | webhooks | p50 ms | p95 ms | received |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
            foreach (var clients in clientCounts)
            {
                var push = await PushAsync(portalUrl, cookie, clients, webhooks: 100);
                Console.WriteLine($"| {clients} | 100 | {push.P50:F1} | {push.P95:F1} | {push.Received}/{clients * 100} |");
            }

            await bare.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { portalDb, bareDb })
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(file + suffix);
                }
            }
        }
    }

    /// <summary>
    /// Signed webhooks at a fixed rate (open loop: each is sent on schedule whether or not the last was answered) while
    /// hub clients listen. Per window: rate answered, p50/p99, errors, push p95 of these same webhooks (matched through
    /// the body the push carries), and memory. The benchmark keeps only the current window's figures, so what grows is
    /// the portal's.
    /// </summary>
    public static async Task RunAtRateAsync(int seconds, int rate, int clients, int windowSeconds)
    {
        var portalDb = Path.Combine(Path.GetTempPath(), $"portal-hook-load-{Guid.NewGuid():N}.db");
        try
        {
            await using var portal = new PortalHost(portalDb);
            portal.UseKestrel(0);
            portal.StartServer();
            var portalUrl = portal.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            var writer = portal.Services.GetRequiredService<Portal.Infrastructure.Inbound.IngestWriter>();
            var cookie = await SignInAsync(portalUrl);
            var sentAt = new ConcurrentDictionary<string, long>();
            var window = new Window();
            var connections = new List<HubConnection>();
            for (var i = 0; i < clients; i++)
            {
                var connection = new HubConnectionBuilder().WithUrl($"{portalUrl}/hubs/conversations", o => o.Headers.Add("Cookie", cookie)).Build();
                connection.On<System.Text.Json.JsonElement>("MessageReceived", payload =>
                {
                    var at = Stopwatch.GetTimestamp();
                    var body = payload.GetProperty("body").GetString() ?? "";
                    if (body.StartsWith("load ", StringComparison.Ordinal) && sentAt.TryGetValue(body[5..], out var started))
                    {
                        window.Push(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
                    }
                });
                await connection.StartAsync();
                connections.Add(connection);
            }

            var path = $"/webhooks/signalwire/{AccountId}/messages";
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(10) };
            // Warm-up, not measured: JIT, connection pools, the first pages of the database.
            await LoadAsync(portalUrl + path, PublicBase + path, 3, 16);
            window.Reset();

            var inFlight = new List<Task>();
            var commitsBefore = writer.Commits;
            var itemsBefore = writer.Items;
            var totals = new Window();
            Console.WriteLine($"{seconds} s at {rate} requests/s (open loop), {clients} hub client(s), loopback, SQLite file, Release build");
            Console.WriteLine();
            Console.WriteLine("| window | answered/s | p50 ms | p99 ms | errors | push p95 ms | managed MB | working set MB |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var clock = Stopwatch.StartNew();
            var reported = 0L;
            for (var i = 0; i < seconds * rate; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var current = (long)(clock.Elapsed.TotalSeconds / windowSeconds);
                if (current > reported)
                {
                    window.Report($"{reported * windowSeconds}–{current * windowSeconds} s", (current - reported) * windowSeconds, totals);
                    reported = current;
                    inFlight.RemoveAll(t => t.IsCompleted);
                }

                var sid = $"SMload{i:D9}{Guid.NewGuid():N}"[..34];
                inFlight.Add(SendOneAsync(http, portalUrl + path, sid, i, sentAt, window));
            }

            await Task.WhenAll(inFlight);
            await Task.Delay(1000);
            window.Report($"{reported * windowSeconds}–{clock.Elapsed.TotalSeconds:F0} s", clock.Elapsed.TotalSeconds - reported * windowSeconds, totals);
            Console.WriteLine();
            Console.WriteLine($"All: {totals.Answered} answered, {totals.Errors} errors; {writer.Items - itemsBefore} webhooks in {writer.Commits - commitsBefore} commits " +
                $"({(double)(writer.Items - itemsBefore) / Math.Max(1, writer.Commits - commitsBefore):F1} per commit)");
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(portalDb + suffix);
            }
        }
    }

    private static async Task SendOneAsync(HttpClient http, string url, string sid, int i, ConcurrentDictionary<string, long> sentAt, Window window)
    {
        KeyValuePair<string, string>[] form =
        [
            new("MessageSid", sid), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"), new("From", $"+1773555{i % 10_000:D4}"),
            new("To", "+13125550177"), new("Body", $"load {sid}"), new("NumMedia", "0"),
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(SigningKey, PublicBase + new Uri(url).AbsolutePath, form));
        var started = Stopwatch.GetTimestamp();
        sentAt[sid] = started;
        var ok = false;
        try
        {
            using var response = await http.SendAsync(request);
            ok = response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }

        window.Answer(Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok);
        // Its push has arrived by now or is counted lost; keep the map small.
        _ = Task.Delay(5000).ContinueWith(_ => sentAt.TryRemove(sid, out long _), TaskScheduler.Default);
    }

    /// <summary>One window's figures, thread-safe; reported and cleared at the window's end.</summary>
    private sealed class Window
    {
        private readonly Lock gate = new();
        private List<double> latencies = [];
        private List<double> pushes = [];
        private int errors;

        public long Answered { get; private set; }

        public long Errors { get; private set; }

        public void Answer(double ms, bool ok)
        {
            lock (gate)
            {
                latencies.Add(ms);
                errors += ok ? 0 : 1;
            }
        }

        public void Push(double ms)
        {
            lock (gate)
            {
                pushes.Add(ms);
            }
        }

        public void Reset()
        {
            lock (gate)
            {
                latencies = [];
                pushes = [];
                errors = 0;
            }
        }

        public void Report(string label, double seconds, Window totals)
        {
            List<double> done, pushed;
            int failed;
            lock (gate)
            {
                (done, pushed, failed) = (latencies, pushes, errors);
                latencies = [];
                pushes = [];
                errors = 0;
            }

            totals.Answered += done.Count;
            totals.Errors += failed;
            var sorted = done.Order().ToArray();
            var push = pushed.Order().ToArray();
            Console.WriteLine($"| {label} | {done.Count / Math.Max(1, seconds):F0} | {Percentile(sorted, 0.5):F1} | {Percentile(sorted, 0.99):F1} | {failed} | " +
                $"{Percentile(push, 0.95):F1} | {GC.GetTotalMemory(true) / 1048576.0:F0} | {Environment.WorkingSet / 1048576.0:F0} |");
        }
    }
}
