using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The portal as its own process, killed (SIGKILL, not stopped) while signed webhooks pour in, then started again on the
/// same database: every webhook it answered 2xx is stored exactly once, and the provider's retries of the rest store
/// each of them once too.
/// </summary>
[Trait(TestCost.Trait, TestCost.Process)]
public sealed class CrashSafetyTests : IDisposable
{
    private const string SigningKey = "crash-signing-key";
    private static readonly Guid AccountId = Guid.Parse("7e1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a99");
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-crash-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Every_webhook_answered_2xx_before_a_kill_is_stored_exactly_once_after_the_restart()
    {
        var port = PortalProcess.FreePort();
        var first = StartPortal(port);
        var answered = new ConcurrentDictionary<string, HttpStatusCode>();
        var attempted = new ConcurrentBag<string>();
        try
        {
            await PortalProcess.WaitHealthyAsync(port);
            await SubscribeToReceivedTextsAsync();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var sid = $"SMcrash{worker:D2}{n:D6}";
                    attempted.Add(sid);
                    try
                    {
                        using var response = await http.SendAsync(Signed(port, sid, worker, n), stop.Token);
                        answered[sid] = response.StatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The process is gone, or going: this delivery got no answer.
                    }
                }
            })).ToList();

            // Let it take webhooks at full speed for a moment, then pull the plug mid-stream.
            while (answered.Count < 200)
            {
                await Task.Delay(10);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            await Task.Delay(200);
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }
        }

        var succeeded = answered.Where(a => a.Value == HttpStatusCode.OK).Select(a => a.Key).ToHashSet();
        Assert.True(succeeded.Count >= 200, $"only {succeeded.Count} webhooks were answered before the kill");

        var second = StartPortal(port);
        try
        {
            await PortalProcess.WaitHealthyAsync(port);
            var afterRestart = Counts();
            Assert.All(succeeded, sid => Assert.Equal(1, afterRestart.GetValueOrDefault(sid)));
            Assert.All(afterRestart, row => Assert.Equal(1, row.Value));
            // Every text the killed process committed has its event webhook delivery: they are stored in one transaction.
            var (received, delivered) = await ReceivedAndDeliveredAsync();
            Assert.Equal(received.Count, afterRestart.Count);
            Assert.All(received, id => Assert.Contains(id, delivered));

            // The provider retries what got no 2xx; each ends up stored once.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var sid in attempted.Where(s => !succeeded.Contains(s)).Distinct())
            {
                var (worker, n) = (int.Parse(sid[7..9]), int.Parse(sid[9..]));
                using var response = await http.SendAsync(Signed(port, sid, worker, n));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var final = Counts();
            Assert.All(attempted.Distinct(), sid => Assert.Equal(1, final.GetValueOrDefault(sid)));
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    public void Dispose() => PortalFactory.DeleteDatabase(databasePath);

    private async Task SubscribeToReceivedTextsAsync()
    {
        await using var db = PortalProcess.Database(databasePath);
        var department = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.ProviderAccounts.Where(a => a.Id == AccountId).Select(a => a.DepartmentId));
        db.WebhookSubscriptions.Add(new Portal.Core.EventWebhooks.WebhookSubscription
        {
            DepartmentId = department!.Value, Url = "https://hooks.example.com/portal", EventTypes = Portal.Core.EventWebhooks.EventWebhookTypes.MessageReceived,
            ProtectedSecret = "not-used-the-jobs-do-not-run",
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The ids of the stored crash-test texts, and the message ids the stored message.received deliveries carry.</summary>
    private async Task<(List<string> Received, HashSet<string> Delivered)> ReceivedAndDeliveredAsync()
    {
        await using var db = PortalProcess.Database(databasePath);
        var received = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Messages.Where(m => m.ProviderMessageId!.StartsWith("SMcrash")).Select(m => m.Id))).Select(id => id.ToString()).ToList();
        var payloads = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.WebhookDeliveries.Where(d => d.EventType == "message.received").Select(d => d.Payload));
        var delivered = payloads.SelectMany(p => received.Where(id => p.Contains(id, StringComparison.OrdinalIgnoreCase))).ToHashSet();
        return (received, delivered);
    }

    private Dictionary<string, int> Counts()
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ProviderMessageId, COUNT(*) FROM Messages WHERE ProviderMessageId LIKE 'SMcrash%' GROUP BY ProviderMessageId";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    private static HttpRequestMessage Signed(int port, string sid, int worker, int n)
    {
        var path = $"/webhooks/signalwire/{AccountId}/messages";
        KeyValuePair<string, string>[] form =
        [
            new("MessageSid", sid), new("AccountSid", ConfiguredAccounts.SignalWireProject), new("From", $"+1312555{(worker * 1000 + n) % 10_000:D4}"),
            new("To", ConfiguredAccounts.SignalWireNumber), new("Body", $"Crash test {sid}"), new("NumMedia", "0"),
        ];
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}{path}") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", Portal.Infrastructure.Providers.SignalWire.TwilioSignature.Compute(SigningKey, ConfiguredAccounts.PublicBase + path, form));
        return request;
    }

    private Process StartPortal(int port) => PortalProcess.Start(port, databasePath,
        ConfiguredAccounts.SignalWire(AccountId, SigningKey).Append(new("Portal:Jobs:Server", "false")));
}
