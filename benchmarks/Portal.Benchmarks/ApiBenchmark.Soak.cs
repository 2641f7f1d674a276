using System.Net.Http.Headers;
using System.Net.Http.Json;
using Portal.Infrastructure.Providers.SignalWire;
using static Portal.Benchmarks.WebhookBenchmark;

namespace Portal.Benchmarks;

internal static partial class ApiBenchmark
{
    private static async Task OpenLoopAsync(int rate, Stopwatch clock, CancellationToken stop, Func<int, Task> send)
    {
        var inFlight = new List<Task>();
        var start = clock.Elapsed;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = start + TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                try
                {
                    await Task.Delay(due - clock.Elapsed, stop);
                }
                catch (TaskCanceledException)
                {
                    break;
                }
            }

            inFlight.Add(send(i));
            if (inFlight.Count > 2000)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task Webhook(HttpClient http, string url, int i, Series series)
    {
        var sid = $"SMsoak{i:D9}{Guid.NewGuid():N}"[..34];
        KeyValuePair<string, string>[] form =
        [
            new("MessageSid", sid), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"), new("From", $"+1773555{i % 10_000:D4}"),
            new("To", "+13125550177"), new("Body", "Is my car ready?"), new("NumMedia", "0"),
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(SigningKey, PublicBase + new Uri(url).AbsolutePath, form));
        await series.TimeAsync(async () =>
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        });
    }

    private static Task Send(HttpClient http, Guid sales, int i, Series series, ConcurrentDictionary<Guid, byte> accepted) => series.TimeAsync(async () =>
    {
        using var request = Post($"/api/v1/departments/{sales}/messages", new { to = $"+1630{5_000_000 + i % 4_000_000:D7}", body = $"Soak text {i}" });
        request.Headers.Add("Idempotency-Key", $"soak-{i}");
        using var response = await http.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            return false;
        }

        accepted[(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()] = 0;
        return true;
    });

    private sealed record Result(double Rate, double P50, double P99, int Errors);

    private static async Task<Result> ClosedLoopAsync(HttpClient http, Func<HttpRequestMessage> make, int seconds, int concurrency)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (DateTime.UtcNow < stop)
            {
                using var request = make();
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new Result(sorted.Length / clock.Elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), errors);
    }

    private static HttpClient Client(PortalHost portal, int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections * 2 })
        {
            BaseAddress = portal.ClientOptions.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return http;
    }

    private static HttpRequestMessage Post(string url, object body) => new(HttpMethod.Post, url) { Content = JsonContent.Create(body) };

    private static async Task<Guid> SalesAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/v1/departments")).EnumerateArray().Single(d => d.GetProperty("name").GetString() == "Sales").GetProperty("id").GetGuid();

    private static async Task<List<Guid>> CreateCustomersAsync(HttpClient http, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/customers", new { firstName = $"Bench{i}", phone = $"+1847555{i:D4}" });
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        return ids;
    }

    private static async Task<(WebApplication App, string Url)> StartFakeSurgeAsync(ConcurrentDictionary<Guid, byte> ids, Action counted, int latencyMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/accounts/{account}/messages", async (HttpRequest request) =>
        {
            counted();
            using var json = await JsonDocument.ParseAsync(request.Body);
            ids.TryAdd(Guid.Parse(json.RootElement.GetProperty("metadata").GetProperty("portal_message_id").GetString()!), 0);
            await Task.Delay(latencyMs);
            return Results.Json(new { id = $"msg_{Guid.NewGuid():N}" }, statusCode: 201);
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private static void Delete(string databasePath)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    /// <summary>Latencies and outcomes of one kind of request, taken per window.</summary>
    private sealed class Series
    {
        private readonly Lock gate = new();
        private List<double> latencies = [];
        private int errors;

        public long Succeeded { get; private set; }

        public long TotalErrors { get; private set; }

        public async Task TimeAsync(Func<Task<bool>> call)
        {
            var started = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                ok = await call();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                ok = false;
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (gate)
            {
                latencies.Add(elapsed);
                errors += ok ? 0 : 1;
                Succeeded += ok ? 1 : 0;
                TotalErrors += ok ? 0 : 1;
            }
        }

        public (int Count, double P50, double P99, int Errors) Take()
        {
            List<double> taken;
            int failed;
            lock (gate)
            {
                (taken, failed) = (latencies, errors);
                latencies = [];
                errors = 0;
            }

            var sorted = taken.Order().ToArray();
            return (sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), failed);
        }
    }
}
