using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The portal as its own process, killed (SIGKILL) while an integration pours texts in through the API, then started
/// again on the same database. The integration retries everything with the same Idempotency-Key, as a client that lost
/// its answers would: each number is texted at most once, every accepted text goes out or is flagged for a person, and
/// no key ever holds two messages.
/// </summary>
[Trait(TestCost.Trait, TestCost.Process)]
public sealed partial class ApiCrashTests(Xunit.Abstractions.ITestOutputHelper output) : FakeSurgeProcessTest("api-crash", TimeSpan.FromMilliseconds(40))
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(3);

    private const string ApiKey = "dcp_crash_api_0123456789abcdef";
    private static readonly Guid AccountId = Guid.Parse("0d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e6f");

    [Fact]
    public async Task Api_sends_killed_in_flight_go_out_once_or_are_flagged_and_repeats_never_send_twice()
    {
        var port = PortalProcess.FreePort();

        // First start: migrations, demo data and the configured account; then Sales may text around the clock.
        var setup = StartPortal(port);
        await PortalProcess.WaitHealthyAsync(port);
        await PortalProcess.KillAsync(setup);
        var sales = await OpenSalesAllDayAsync();

        var accepted = new ConcurrentDictionary<int, Guid>();
        var attempted = new ConcurrentDictionary<int, bool>();
        var first = StartPortal(port);
        try
        {
            await PortalProcess.WaitHealthyAsync(port);
            using var http = Client(port);
            using var stop = new CancellationTokenSource();
            var next = -1;
            var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref next);
                    attempted[n] = true;
                    try
                    {
                        using var response = await http.SendAsync(Send(port, sales, n), stop.Token);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            accepted[n] = (await response.Content.ReadFromJsonAsync<SentMessage>(stop.Token))!.Id;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The process is gone, or going: this request got no answer.
                    }
                }
            })).ToList();

            // Kill once texts are both being accepted and going out, so some are certainly mid-call.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (accepted.Count < 120 || TextedNumbers(Number()).Count < 30)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {accepted.Count} accepted and {TextedNumbers(Number()).Count} sent in a minute.");
                await Task.Delay(10);
            }

            await PortalProcess.KillAsync(first);
            output.WriteLine($"Killed with {accepted.Count} accepted of {attempted.Count} attempted, {TextedNumbers(Number()).Count} at the provider.");
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
        finally
        {
            await PortalProcess.KillAsync(first);
        }

        // Past the stuck-send time, so the restart's sweep settles the sends cut off mid-call.
        await WaitUntilCutOffWorkIsStaleAsync(StuckAfter);
        var restarted = StartPortal(port);
        try
        {
            await PortalProcess.WaitHealthyAsync(port);
            using var http = Client(port);

            // The client retries every request it made, answered or not, with the same key.
            var repeats = new ConcurrentDictionary<int, HttpStatusCode>();
            await Parallel.ForEachAsync(attempted.Keys, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (n, ct) =>
            {
                using var response = await http.SendAsync(Send(port, sales, n), ct);
                repeats[n] = response.StatusCode;
                if (accepted.TryGetValue(n, out var id))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal(id, (await response.Content.ReadFromJsonAsync<SentMessage>(ct))!.Id);
                }
            });
            Assert.All(repeats, r => Assert.True(r.Value is HttpStatusCode.OK or HttpStatusCode.Accepted, $"repeat {r.Key}: {r.Value}"));

            var settleBy = DateTime.UtcNow.AddSeconds(90);
            while ((await MessagesAsync()).Any(m => m.Status is not (MessageStatus.Sent or MessageStatus.Failed)))
            {
                Assert.True(DateTime.UtcNow < settleBy, "The texts did not settle within 90 s of the restart.");
                await Task.Delay(200);
            }
        }
        finally
        {
            await PortalProcess.KillAsync(restarted);
        }

        var texted = TextedNumbers(Number());
        var messages = await MessagesAsync();
        Assert.All(texted.GroupBy(n => n), g => Assert.Single(g));
        Assert.All(messages.GroupBy(m => m.IdempotencyKey), g => Assert.Single(g));
        Assert.Equal(attempted.Count, messages.Count);
        Assert.All(accepted.Values, id => Assert.Contains(messages, m => m.Id == id));
        var flagged = messages.Where(m => m.Status == MessageStatus.Failed && m.FailureReason == FailureReason.OutcomeUnknown).ToList();
        Assert.All(messages, m => Assert.True(m.Status == MessageStatus.Sent || flagged.Contains(m), $"{m.Phone} ended {m.Status} ({m.FailureReason})"));
        Assert.All(messages.Where(m => m.Status == MessageStatus.Sent), m => Assert.Contains(m.Phone, texted));
        // Only sends in flight at the kill can be flagged: a handful of workers' worth, not the backlog.
        output.WriteLine($"After the restart and the repeats: {messages.Count} messages, {texted.Count} sent once each, {flagged.Count} flagged.");
        Assert.True(flagged.Count <= 20, $"{flagged.Count} texts were flagged.");
    }

    private static HttpClient Client(int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    private static HttpRequestMessage Send(int port, Guid sales, int n)
    {
        var phone = $"+1872500{n:D4}";
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/v1/departments/{sales}/messages")
        {
            Content = JsonContent.Create(new { to = phone, body = $"Your order is in, {phone}" }),
        };
        request.Headers.Add("Idempotency-Key", $"crash-{n}");
        return request;
    }

    private sealed record SentMessage(Guid Id, string Status);

    private sealed record SentText(Guid Id, string Phone, string? IdempotencyKey, MessageStatus Status, FailureReason? FailureReason);

    /// <summary>
    /// The portal runs here as a real process on the wall clock, which no test can fake: Sales sends all day, so the
    /// API's automated texts go out at once whatever the hour the test runs at.
    /// </summary>
    private async Task<Guid> OpenSalesAllDayAsync()
    {
        await using var db = Database();
        var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
        sales.SendingHours = new SendingHours(new TimeOnly(0, 0), new TimeOnly(23, 59, 59));
        await db.SaveChangesAsync();
        return sales.Id;
    }

    private async Task<List<SentText>> MessagesAsync()
    {
        await using var db = Database();
        return await db.Messages.AsNoTracking().Where(m => m.IdempotencyKey != null && m.IdempotencyKey.Contains(":crash-"))
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { m, t.CustomerId })
            .Join(db.Customers, x => x.CustomerId, c => c.Id, (x, c) => new SentText(x.m.Id, c.Phone!, x.m.IdempotencyKey, x.m.Status, x.m.FailureReason))
            .ToListAsync();
    }

    private Process StartPortal(int port) => PortalProcess.Start(port, DatabasePath, new Dictionary<string, string?>(ConfiguredAccounts.Surge(AccountId, Surge.BaseUrl, isDefault: true))
    {
        ["Portal:Sending:StuckSendingAfter"] = StuckAfter.ToString(),
        ["Portal:Api:RequestsPerMinute"] = "100000",
        ["Portal:ApiKeys:0:Name"] = "Crash DMS",
        ["Portal:ApiKeys:0:Key"] = ApiKey,
        ["Portal:ApiKeys:0:Departments"] = "Sales",
    });

    [GeneratedRegex(@"1872500\d{4}")]
    private static partial Regex Number();
}
