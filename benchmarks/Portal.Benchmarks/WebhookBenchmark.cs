using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
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

    private sealed record LoadResult(double Rate, double P50, double P99, int Errors);

    private static async Task<LoadResult> LoadAsync(string url, string signedUrl, int seconds, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var n = 0;
            while (DateTime.UtcNow < stop)
            {
                var form = Form($"SM{worker:D3}{n++:D7}{Guid.NewGuid():N}"[..34], $"+1312555{(worker * 97 + n) % 10_000:D4}");
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(SigningKey, signedUrl, form));
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new LoadResult(sorted.Length / clock.Elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), errors);
    }

    private sealed record PushResult(double P50, double P95, int Received);

    private static async Task<PushResult> PushAsync(string portalUrl, string cookie, int clients, int webhooks)
    {
        var sent = new ConcurrentDictionary<string, long>();
        var receipts = new ConcurrentQueue<(string MessageId, long At)>();
        var connections = new List<HubConnection>();
        foreach (var batch in Enumerable.Range(0, clients).Chunk(50))
        {
            connections.AddRange(await Task.WhenAll(batch.Select(async _ =>
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl($"{portalUrl}/hubs/conversations", o => o.Headers.Add("Cookie", cookie))
                    .Build();
                connection.On<System.Text.Json.JsonElement>("MessageReceived", payload =>
                {
                    // Matched with the send time afterwards: the push can arrive before the sender knows the message id.
                    receipts.Enqueue((payload.GetProperty("messageId").GetGuid().ToString(), Stopwatch.GetTimestamp()));
                });
                await connection.StartAsync();
                return connection;
            })));
        }

        using var http = new HttpClient();
        var path = $"/webhooks/signalwire/{AccountId}/messages";
        for (var i = 0; i < webhooks; i++)
        {
            var sid = $"SMpush{clients:D5}{i:D5}{Guid.NewGuid():N}"[..34];
            var form = Form(sid, $"+1773555{i % 10_000:D4}");
            using var request = new HttpRequestMessage(HttpMethod.Post, portalUrl + path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(SigningKey, PublicBase + path, form));
            var started = Stopwatch.GetTimestamp();
            var pending = http.SendAsync(request);
            // The message id is known only once stored; the hub event names it. Map it from the provider id after the answer.
            using var response = await pending;
            var messageId = await MessageIdAsync(sid);
            sent[messageId] = started;
            await Task.Delay(20);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        var sorted = receipts.Where(r => sent.ContainsKey(r.MessageId))
            .Select(r => Stopwatch.GetElapsedTime(sent[r.MessageId], r.At).TotalMilliseconds).Order().ToArray();
        return new PushResult(Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted.Length);
    }

    private static Func<string, Task<string>> MessageIdAsync = _ => Task.FromResult("");

    private static KeyValuePair<string, string>[] Form(string sid, string from) =>
    [
        new("MessageSid", sid), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"), new("From", from),
        new("To", "+13125550177"), new("Body", "Is my car ready?"), new("NumMedia", "0"),
    ];

    private static async Task<(WebApplication App, string Url)> StartBareAsync(string path)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddPooledDbContextFactory<SqlitePortalDbContext>(o => o.UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath())));
        var app = builder.Build();
        var factory = app.Services.GetRequiredService<IDbContextFactory<SqlitePortalDbContext>>();
        Guid threadId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            var department = new Portal.Core.Departments.Department { Name = "Bare" };
            var customer = new Portal.Core.Customers.Customer { Phone = "+13125550100" };
            var thread = new ConversationThread { DepartmentId = department.Id, CustomerId = customer.Id, LastActivityAt = DateTime.UtcNow };
            db.AddRange(department, customer, thread);
            await db.SaveChangesAsync();
            threadId = thread.Id;
        }

        app.MapPost("/bare", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var raw = await reader.ReadToEndAsync();
            var form = QueryHelpers.ParseQuery(raw).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
            if (!TwilioSignature.IsValid(SigningKey, $"{PublicBase}/bare", form, request.Headers["X-SignalWire-Signature"]))
            {
                return Results.Unauthorized();
            }

            await using var db = await factory.CreateDbContextAsync();
            var message = Message.Create(threadId, MessageDirection.Inbound, MessageKind.Text, form.First(p => p.Key == "Body").Value, MessageStatus.Received, DateTime.UtcNow);
            message.ProviderMessageId = form.First(p => p.Key == "MessageSid").Value;
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return Results.Text("<Response/>", "text/xml");
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    internal static async Task<string> SignInAsync(string portalUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var page = await http.GetAsync($"{portalUrl}/Account/Login");
        var antiforgery = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, $"{portalUrl}/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.Email"] = "admin@bench.portal", ["Input.Password"] = "Bench-Pass-2026!",
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var response = await http.SendAsync(post);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith(".AspNetCore.Identity", StringComparison.Ordinal)));
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>The portal itself, with demo data for the departments and a SignalWire account to receive for.</summary>
    /// <param name="settings">Configuration on top of the defaults (API keys, a job server, more provider accounts).</param>
    internal sealed class PortalHost(string databasePath, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Portal.Web.Security.UserContext>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            // The Blazor script and the app's assets, served from the build output as a published app would serve them.
            builder.UseStaticWebAssets();
            foreach (var (key, value) in new Dictionary<string, string?>
            {
                ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
                ["Portal:Demo:Seed"] = "true",
                ["Portal:Demo:Customers"] = "50",
                ["Portal:Demo:Password"] = "Bench-Pass-2026!",
                ["Portal:Admin:Email"] = "admin@bench.portal",
                ["Portal:Admin:Password"] = "Bench-Pass-2026!",
                ["Portal:PublicBaseUrl"] = PublicBase,
                ["Portal:Jobs:Server"] = "false",
                ["Portal:Security:LoginAttemptsPerMinute"] = "1000",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Portal:ProviderAccounts:0:Id"] = AccountId.ToString(),
                ["Portal:ProviderAccounts:0:Kind"] = "SignalWire",
                ["Portal:ProviderAccounts:0:Name"] = "Bench line",
                ["Portal:ProviderAccounts:0:Department"] = "Service",
                ["Portal:ProviderAccounts:0:BaseUrl"] = "https://example.signalwire.com",
                ["Portal:ProviderAccounts:0:AccountId"] = "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b",
                ["Portal:ProviderAccounts:0:SigningKey"] = SigningKey,
            }.Concat(settings ?? new Dictionary<string, string?>()))
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => MessageIdAsync = async sid =>
            {
                // Resolved lazily from this host's container once it is built.
                await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
                return (await db.Messages.Where(m => m.ProviderMessageId == sid).Select(m => m.Id).FirstAsync()).ToString();
            });
        }
    }
}
