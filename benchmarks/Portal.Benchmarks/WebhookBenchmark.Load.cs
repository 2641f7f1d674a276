using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers.SignalWire;

namespace Portal.Benchmarks;

internal static partial class WebhookBenchmark
{
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
    internal sealed class PortalHost(string databasePath, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : WebApplicationFactory<Portal.Web.Security.UserContext>
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

            if (services is not null)
            {
                builder.ConfigureServices(services);
            }

            builder.ConfigureServices(_ => MessageIdAsync = async sid =>
            {
                // Resolved lazily from this host's container once it is built.
                await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
                return (await db.Messages.Where(m => m.ProviderMessageId == sid).Select(m => m.Id).FirstAsync()).ToString();
            });
        }
    }
}
