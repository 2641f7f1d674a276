using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The whole app with its real Hangfire job server (in-memory storage, 1 s schedule polling) sending to a fake Surge
/// server on loopback. Waits are bounded; no test asserts how fast something happened, only that it happened,
/// never early, and never twice. Due times and "early" are judged on the host's clock (the fake provider stamps its
/// requests with it); a restarted host's clock goes on from where the stopped one's was.
/// </summary>
public sealed class SendingHostTests : IAsyncLifetime
{
    private static readonly Guid AccountId = Guid.Parse("5b0a8f3e-2c1d-4e6f-9a7b-8c9d0e1f2a3b");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-sending-{Guid.NewGuid():N}.db");
    private FakeProviderServer surge = default!;

    public async Task InitializeAsync() =>
        surge = await FakeProviderServer.SurgeAcceptingAsync();

    public async Task DisposeAsync()
    {
        await surge.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    private PortalFactory Host(string? stuckAfter = null, DateTimeOffset? clockStart = null)
    {
        var host = new PortalFactory(databasePath, Settings(stuckAfter), clockStart);
        surge.Clock = host.Clock;
        return host;
    }

    private Dictionary<string, string?> Settings(string? stuckAfter) => new()
    {
        ["Portal:Jobs:Server"] = "true",
        ["Logging:LogLevel:Hangfire"] = "Information",
        ["Portal:PublicBaseUrl"] = "https://portal.example.com",
        ["Portal:Sending:StuckSendingAfter"] = stuckAfter ?? "00:02:00",
        ["Portal:ProviderAccounts:0:Id"] = AccountId.ToString(),
        ["Portal:ProviderAccounts:0:Kind"] = "Surge",
        ["Portal:ProviderAccounts:0:Name"] = "Surge (test)",
        ["Portal:ProviderAccounts:0:Department"] = "Sales",
        ["Portal:ProviderAccounts:0:BaseUrl"] = surge.BaseUrl,
        ["Portal:ProviderAccounts:0:AccountId"] = "acct_test",
        ["Portal:ProviderAccounts:0:FromNumber"] = "+13125550100",
        ["Portal:ProviderAccounts:0:ApiToken"] = "token-from-config",
        ["Portal:ProviderAccounts:0:Default"] = "true",
    };

    private static async Task<Message> QueueAsync(PortalFactory host, DateTime? sendAt, string body = "Hello from the portal")
    {
        var threadId = await host.QueryAsync(db => db.Threads
            .Where(t => t.Department!.Name == "Sales" && t.Status != Portal.Core.Threads.ThreadStatus.Closed && t.Customer!.Consent != Portal.Core.Customers.ConsentStatus.OptedOut)
            .Select(t => t.Id).FirstAsync());
        var outbound = host.Services.GetRequiredService<IOutboundMessageService>();
        return await outbound.QueueAsync(DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []), threadId,
            new ComposeRequest(body, SendAtUtc: sendAt, ConfirmOutsideSendingHours: true), new Actor(Guid.Empty, "Integration test"));
    }

    private static async Task<Message> WaitForAsync(PortalFactory host, Guid messageId, Func<Message, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var message = await host.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId));
            if (condition(message))
            {
                return message;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"Message {messageId} is still {message.Status} ({message.FailureDetail}, updated {message.UpdatedAt:o}, now {host.Clock.UtcNow:o}). Log:\n{string.Join("\n", host.Logs.TakeLast(40))}");
            await Task.Delay(200);
        }
    }

    private ReceivedRequest[] SendsOf(Guid messageId) => surge.Sends().Where(r => r.Body.Contains(messageId.ToString())).ToArray();

    [Fact]
    public async Task Send_now_goes_through_the_configured_provider_once()
    {
        await using var host = Host();
        _ = host.Server;

        var message = await QueueAsync(host, null);
        var sent = await WaitForAsync(host, message.Id, m => m.Status == MessageStatus.Sent);

        var request = Assert.Single(SendsOf(message.Id));
        Assert.Empty(request.ConformanceErrors);
        Assert.Equal("Bearer token-from-config", request.Headers["Authorization"]);
        Assert.StartsWith("msg_", sent.ProviderMessageId);
        Assert.Equal(AccountId, sent.ProviderAccountId);

        // The configured token reached the provider but is stored only encrypted.
        var stored = await host.QueryAsync(db => db.ProviderAccounts.AsNoTracking().SingleAsync(a => a.Id == AccountId));
        Assert.True(stored.ManagedByConfiguration);
        Assert.DoesNotContain("token-from-config", stored.EncryptedSecrets);
        Assert.NotNull(await host.QueryAsync(db => db.DataProtectionKeys.AsNoTracking().FirstOrDefaultAsync()));
    }

    [Fact]
    public async Task A_scheduled_message_fires_at_its_time_and_never_before()
    {
        await using var host = Host();
        _ = host.Server;
        var sendAt = host.Clock.UtcNow.AddSeconds(4);

        var message = await QueueAsync(host, sendAt);
        Assert.Equal(MessageStatus.Scheduled, message.Status);
        await WaitForAsync(host, message.Id, m => m.Status == MessageStatus.Sent);

        var request = Assert.Single(SendsOf(message.Id));
        Assert.True(request.ReceivedAtUtc >= sendAt, $"sent {(sendAt - request.ReceivedAtUtc).TotalMilliseconds:F0} ms early");
    }

    [Fact]
    public async Task Canceling_before_the_time_prevents_the_send_and_rescheduling_moves_it()
    {
        await using var host = Host();
        _ = host.Server;
        var outbound = host.Services.GetRequiredService<IOutboundMessageService>();
        var admin = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
        var canceled = await QueueAsync(host, host.Clock.UtcNow.AddSeconds(3), "to be canceled");
        var moved = await QueueAsync(host, host.Clock.UtcNow.AddSeconds(3), "to be moved");

        await outbound.CancelAsync(admin, canceled.Id, new Actor(Guid.Empty, "Integration test"));
        var newTime = host.Clock.UtcNow.AddSeconds(7);
        await outbound.RescheduleAsync(admin, moved.Id, newTime);

        await WaitForAsync(host, moved.Id, m => m.Status == MessageStatus.Sent);
        var request = Assert.Single(SendsOf(moved.Id));
        Assert.True(request.ReceivedAtUtc >= newTime, "the moved message went at its old time");
        Assert.Empty(SendsOf(canceled.Id));
        Assert.Equal(MessageStatus.Canceled, (await host.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == canceled.Id))).Status);
    }

    [Fact]
    public async Task After_a_restart_pending_scheduled_messages_still_go_out_on_time_once()
    {
        Message message;
        DateTime sendAt;
        DateTimeOffset stoppedAt;
        await using (var first = Host())
        {
            _ = first.Server;
            sendAt = first.Clock.UtcNow.AddSeconds(6);
            message = await QueueAsync(first, sendAt);
            stoppedAt = first.Clock.GetUtcNow();
        }

        // The in-memory job storage died with the first host; the message did not.
        await using var second = Host(clockStart: stoppedAt);
        _ = second.Server;
        await WaitForAsync(second, message.Id, m => m.Status == MessageStatus.Sent);

        var request = Assert.Single(SendsOf(message.Id));
        Assert.True(request.ReceivedAtUtc >= sendAt, "sent early after the restart");
    }

    [Fact]
    public async Task A_host_stopped_after_the_claim_leaves_the_message_for_a_person_never_sending_twice()
    {
        surge.Default(_ => new FakeResponse(201, """{"id":"msg_slow"}""", Delay: TimeSpan.FromSeconds(25)));
        Message message;
        DateTimeOffset stoppedAt;
        await using (var first = Host())
        {
            _ = first.Server;
            message = await QueueAsync(first, null);
            var deadline = DateTime.UtcNow + Patience;
            while (SendsOf(message.Id).Length == 0)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    var stuck = await first.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == message.Id));
                    Assert.Fail($"The first host never called the provider; the message is {stuck.Status} ({stuck.FailureDetail}); fake saw {surge.Requests.Count} requests.");
                }

                await Task.Delay(100);
            }

            stoppedAt = first.Clock.GetUtcNow();
        }

        // A send still in flight on a live instance is left alone for StuckSendingAfter; the second host starts past it.
        await using var second = Host(stuckAfter: "00:00:01", clockStart: stoppedAt.AddSeconds(1.5));
        _ = second.Server;
        var flagged = await WaitForAsync(second, message.Id, m => m.Status != MessageStatus.Sending);

        Assert.Equal(MessageStatus.Failed, flagged.Status);
        Assert.Equal(FailureReason.OutcomeUnknown, flagged.FailureReason);
        Assert.Single(SendsOf(message.Id));
    }
}
