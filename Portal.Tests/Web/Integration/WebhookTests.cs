using Portal.Infrastructure.ProviderWebhooks;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Core.ProviderWebhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Signed provider webhooks into the real app, and a real SignalR client per user watching what arrives.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private static readonly Guid SignalWireId = Guid.Parse("0c7e2a51-6b3d-4f8e-9a1c-2d3e4f5a6b7c");
    private static readonly Guid SurgeId = Guid.Parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    private const string SigningKey = "sw-signing-key";
    private const string SurgeSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string PublicBase = ConfiguredAccounts.PublicBase;

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-webhooks-{Guid.NewGuid():N}.db");
    private PortalFactory factory = default!;

    public Task InitializeAsync()
    {
        var settings = ConfiguredAccounts.SignalWire(SignalWireId, SigningKey);
        settings["Portal:ProviderAccounts:1:Id"] = SurgeId.ToString();
        settings["Portal:ProviderAccounts:1:Kind"] = "Surge";
        settings["Portal:ProviderAccounts:1:Name"] = "Sales line";
        settings["Portal:ProviderAccounts:1:Department"] = "Sales";
        settings["Portal:ProviderAccounts:1:AccountId"] = "acct_x";
        settings["Portal:ProviderAccounts:1:SigningKey"] = SurgeSecret;
        factory = new PortalFactory(databasePath, settings);
        _ = factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    [Fact]
    public async Task A_signed_inbound_text_is_stored_once_and_pushed_only_to_users_of_its_department()
    {
        await using var service = await ConnectAsync("staff.service@demo.portal");
        await using var sales = await ConnectAsync("staff.sales@demo.portal");
        await using var admin = await ConnectAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var response = await PostSignalWireAsync("messages", Inbound("SM-inbound-1", "+13125550199", "Is my car ready?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Response/>", await response.Content.ReadAsStringAsync());
        var pushed = await service.NextAsync("MessageReceived");
        var stored = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.ProviderMessageId == "SM-inbound-1"));
        Assert.Equal(stored.Id, pushed.GetProperty("messageId").GetGuid());
        Assert.Equal(stored.ThreadId, pushed.GetProperty("threadId").GetGuid());
        Assert.Equal(stored.Id, (await admin.NextAsync("MessageReceived")).GetProperty("messageId").GetGuid());
        Assert.Equal(MessageStatus.Received, stored.Status);
        var customer = await factory.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Phone == "+13125550199"));
        Assert.True(customer.IsUnknownContact);
        await sales.AssertNothingBeforeAsync(marker => HubWatcher.NoteAsync(factory, "Sales", marker));
    }

    [Fact]
    public async Task A_replayed_webhook_answers_success_and_changes_nothing()
    {
        var form = Inbound("SM-replayed", "+13125550198", "Hello");

        var first = await PostSignalWireAsync("messages", form);
        var second = await PostSignalWireAsync("messages", form);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == "SM-replayed")));
        Assert.Equal(1, await factory.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.EventId == "SM-replayed")));
    }

    [Fact]
    public async Task Bad_missing_and_foreign_signatures_are_refused_and_logged_and_nothing_else_changes()
    {
        var form = Inbound("SM-forged", "+13125550197", "Forged");
        var client = factory.CreateClient();

        var missing = await client.PostAsync($"/webhooks/signalwire/{SignalWireId}/messages", new FormUrlEncodedContent(form));
        var forged = await PostSignalWireAsync("messages", form, signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        var wrongUrl = await PostSignalWireAsync("messages", form, signedUrl: $"{PublicBase}/webhooks/signalwire/{SignalWireId}/status");
        var unknown = await client.PostAsync($"/webhooks/signalwire/{Guid.NewGuid()}/messages", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongUrl.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.False(await factory.QueryAsync(db => db.Messages.AnyAsync(m => m.ProviderMessageId == "SM-forged")));
        var rejected = await factory.QueryAsync(db => db.WebhookEvents.AsNoTracking().Where(e => e.Outcome == WebhookOutcome.Rejected).ToListAsync());
        Assert.Contains(rejected, e => e.Verdict == SignatureVerdict.Missing);
        Assert.Equal(2, rejected.Count(e => e.Verdict == SignatureVerdict.Invalid));
    }

    [Fact]
    public async Task The_log_shows_each_call_with_its_verdict_and_a_replay_changes_nothing()
    {
        await PostSignalWireAsync("messages", Inbound("SM-logged", "+13125550192", "Logged"));
        await PostSignalWireAsync("messages", Inbound("SM-logged-forged", "+13125550192", "Forged"), signature: "bad");
        var log = factory.Services.GetRequiredService<Portal.Infrastructure.ProviderWebhooks.WebhookEventLog>();

        var valid = Assert.Single(await log.RecentAsync(new(Verdict: SignatureVerdict.Valid)), e => e.EventId == "SM-logged");
        var invalid = await log.RecentAsync(new(Verdict: SignatureVerdict.Invalid));
        var outcome = await factory.Services.GetRequiredService<Portal.Infrastructure.ProviderWebhooks.WebhookPipeline>().ReplayAsync(valid.Id, CancellationToken.None);

        Assert.Equal(WebhookOutcome.Processed, valid.Outcome);
        Assert.Contains("Body=Logged", valid.Payload);
        Assert.Contains(invalid, e => e.Payload.Contains("SM-logged-forged") && e.Outcome == WebhookOutcome.Rejected);
        Assert.Equal(WebhookOutcome.Duplicate, outcome);
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == "SM-logged")));
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var staff = await factory.SignedInClientAsync("staff.service@demo.portal", PortalFactory.DemoPassword);
        var logPage = await admin.GetStringAsync("/admin/webhooks");
        Assert.Contains("SM-logged", logPage);
        // Times in the dealership's zone (the demo's departments are in Chicago), not UTC.
        Assert.Matches(@"data-testid=""received-at""[^>]*>\w{3} \w{3} \d+, \d+:\d\d [AP]M C[SD]T<", logPage);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.GetAsync("/admin/webhooks")).StatusCode);
    }

    [Fact]
    public async Task A_delivery_recorded_but_never_finished_is_finished_by_the_providers_retry()
    {
        // As if the portal stopped between recording the event and storing the message.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<Portal.Infrastructure.Persistence.PortalDbContext>>().CreateDbContextAsync())
        {
            db.WebhookEvents.Add(new WebhookEvent
            {
                Provider = SignalWireModule.Kind, ProviderAccountId = SignalWireId, EventId = "SM-unfinished",
                EventType = "message.received", Verdict = SignatureVerdict.Valid, Outcome = WebhookOutcome.Pending, ReceivedAt = factory.Clock.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var retry = await PostSignalWireAsync("messages", Inbound("SM-unfinished", "+13125550191", "Still there?"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == "SM-unfinished")));
        Assert.Equal(WebhookOutcome.Processed, await factory.QueryAsync(db => db.WebhookEvents.Where(e => e.EventId == "SM-unfinished").Select(e => e.Outcome).SingleAsync()));
    }

    [Fact]
    public async Task A_stop_is_applied_once_whichever_path_it_takes_and_a_replay_never_undoes_a_later_start()
    {
        const string phone = "+13125550190";
        var optOutLines = () => factory.QueryAsync(db => db.Messages.CountAsync(m => m.Kind == MessageKind.SystemEvent && m.Body.Contains("opted out")));
        var before = await optOutLines();
        // The Simulator's "customer replies" path and the provider's webhook for the same text.
        await factory.Services.GetRequiredService<IInboundMessageService>()
            .ReceiveAsync(new InboundText(SignalWireId, "SM-stop-crash", phone, "+13125550177", "STOP", [], factory.Clock.UtcNow));
        Assert.Equal(ConsentStatus.OptedOut, (await factory.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Phone == phone))).Consent);

        await PostSignalWireAsync("messages", Inbound("SM-stop-crash", phone, "STOP"));
        Assert.Equal(ConsentStatus.OptedOut, (await factory.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Phone == phone))).Consent);
        Assert.Equal(before + 1, await optOutLines());

        await PostSignalWireAsync("messages", Inbound("SM-start-later", phone, "START"));
        var stopEvent = await factory.QueryAsync(db => db.WebhookEvents.Where(e => e.EventId == "SM-stop-crash").Select(e => e.Id).SingleAsync());
        await factory.Services.GetRequiredService<Portal.Infrastructure.ProviderWebhooks.WebhookPipeline>().ReplayAsync(stopEvent, CancellationToken.None);

        Assert.Equal(ConsentStatus.OptedIn, (await factory.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Phone == phone))).Consent);
    }

    [Fact]
    public async Task A_malformed_body_gets_400()
    {
        var response = await PostSignalWireAsync("messages", [new("Body", "no sid, no numbers")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Out_of_order_status_callbacks_end_in_the_right_state()
    {
        // The callbacks overtake the recording of the sid: they are matched by our id in the callback URL.
        var (messageId, sid) = await SentMessageAsync(sidRecorded: false);
        await using var watcher = await ConnectAsync("staff.service@demo.portal");

        await PostSignalWireAsync($"status?portalMessageId={messageId}", Status(sid, "delivered"));
        await PostSignalWireAsync($"status?portalMessageId={messageId}", Status(sid, "sent"));
        await PostSignalWireAsync($"status?portalMessageId={messageId}", Status(sid, "queued"));

        var message = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId));
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal("Delivered", (await watcher.NextAsync("MessageStatusChanged")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_undelivered_callback_carries_the_error_code_and_reason()
    {
        var (messageId, sid) = await SentMessageAsync(sidRecorded: true);

        await PostSignalWireAsync("status", Status(sid, "undelivered", errorCode: "30006"));

        var message = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId));
        Assert.Equal(MessageStatus.Undelivered, message.Status);
        Assert.Equal(FailureReason.NotMobileNumber, message.FailureReason);
        Assert.StartsWith("30006", message.FailureDetail);
    }

    [Fact]
    public async Task Stop_opts_the_customer_out_everywhere_and_refuses_sends_and_start_re_enables()
    {
        const string phone = "+13125550196";
        await PostSignalWireAsync("messages", Inbound("SM-first", phone, "Hi there"));
        var threadId = await factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == "SM-first").Select(m => m.ThreadId).SingleAsync());

        await PostSignalWireAsync("messages", Inbound("SM-stop", phone, "STOP"));

        var customer = await factory.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Phone == phone));
        Assert.Equal(ConsentStatus.OptedOut, customer.Consent);
        Assert.Contains("SM-", (await factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == "SM-stop").Select(m => m.ProviderMessageId).SingleAsync()))!);
        Assert.Contains("STOP", customer.ConsentSource);
        Assert.True(await factory.QueryAsync(db => db.Messages.AnyAsync(m => m.ThreadId == threadId && m.Kind == MessageKind.SystemEvent && m.Body.Contains("opted out"))));
        var outbound = factory.Services.GetRequiredService<IOutboundMessageService>();
        var admin = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
        await Assert.ThrowsAsync<CustomerOptedOutException>(() => outbound.QueueAsync(admin, threadId, new ComposeRequest("Special offer", ConfirmOutsideSendingHours: true), new Actor(Guid.Empty, "Test")));

        await PostSignalWireAsync("messages", Inbound("SM-start", phone, "start"));

        Assert.Equal(ConsentStatus.OptedIn, (await factory.QueryAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Phone == phone))).Consent);
        var queued = await outbound.QueueAsync(admin, threadId, new ComposeRequest("Welcome back", ConfirmOutsideSendingHours: true), new Actor(Guid.Empty, "Test"));
        Assert.Equal(MessageStatus.Queued, queued.Status);
    }

    [Fact]
    public async Task Help_is_answered_with_the_departments_help_text()
    {
        await PostSignalWireAsync("messages", Inbound("SM-help", "+13125550195", "HELP"));

        var threadId = await factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == "SM-help").Select(m => m.ThreadId).SingleAsync());
        var reply = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.ThreadId == threadId && m.Direction == MessageDirection.Outbound));
        Assert.Contains("Reply STOP to opt out", reply.Body);
        Assert.Equal(AuthorType.System, reply.AuthorType);
    }

    [Fact]
    public async Task A_signed_surge_event_is_stored_and_a_stale_or_tampered_one_refused()
    {
        var body = JsonSerializer.Serialize(new
        {
            account_id = "acct_x",
            type = "message.received",
            timestamp = factory.Clock.GetUtcNow(),
            data = new
            {
                id = "msg_surge_in_1",
                body = "Do you have the RAV4 in blue?",
                conversation = new { id = "cnv_1", contact = new { id = "ctc_1", phone_number = "+13125550194" }, phone_number = new { id = "pn_1", number = "+13125550100", type = "local" } },
                attachments = Array.Empty<object>(),
                received_at = factory.Clock.GetUtcNow(),
            },
        });
        await using var sales = await ConnectAsync("staff.sales@demo.portal");

        var accepted = await PostSurgeAsync(body, "evt_1", factory.Clock.GetUtcNow());
        var replay = await PostSurgeAsync(body, "evt_1", factory.Clock.GetUtcNow());
        var stale = await PostSurgeAsync(body, "evt_2", factory.Clock.GetUtcNow().AddMinutes(-10));
        var tampered = await PostSurgeAsync(body, "evt_3", factory.Clock.GetUtcNow(), tamper: true);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == "msg_surge_in_1")));
        Assert.Equal("MessageReceived", (await sales.NextAnyAsync()).Method);
    }

    private async Task<(Guid MessageId, string Sid)> SentMessageAsync(bool sidRecorded = false)
    {
        await PostSignalWireAsync("messages", Inbound($"SM-{Guid.NewGuid():N}", "+13125550193", "Ready?"));
        var threadId = await factory.QueryAsync(db => db.Threads.Where(t => t.Customer!.Phone == "+13125550193").Select(t => t.Id).FirstAsync());
        var sid = $"SM{Guid.NewGuid():N}";
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<Portal.Infrastructure.Persistence.PortalDbContext>>().CreateDbContextAsync();
        var message = Message.Create(threadId, MessageDirection.Outbound, MessageKind.Text, "Yes", MessageStatus.Draft, factory.Clock.UtcNow);
        message.ProviderAccountId = SignalWireId;
        message.ProviderMessageId = sidRecorded ? sid : null;
        message.MoveTo(MessageStatus.Queued, factory.Clock.UtcNow);
        message.MoveTo(MessageStatus.Sending, factory.Clock.UtcNow);
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return (message.Id, sid);
    }

    private static KeyValuePair<string, string>[] Inbound(string sid, string from, string body) =>
    [
        new("MessageSid", sid), new("SmsSid", sid), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"), new("From", from),
        new("To", "+13125550177"), new("Body", body), new("NumMedia", "0"), new("NumSegments", "1"),
    ];

    private static KeyValuePair<string, string>[] Status(string sid, string status, string? errorCode = null) =>
    [
        new("MessageSid", sid), new("MessageStatus", status), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"),
        new("From", "+13125550177"), new("To", "+13125550193"), .. errorCode is null ? Array.Empty<KeyValuePair<string, string>>() : [new("ErrorCode", errorCode)],
    ];

    private async Task<HttpResponseMessage> PostSignalWireAsync(string path, KeyValuePair<string, string>[] form, string? signature = null, string? signedUrl = null)
    {
        var relative = $"/webhooks/signalwire/{SignalWireId}/{path}";
        signature ??= TwilioSignature.Compute(SigningKey, signedUrl ?? PublicBase + relative, form);
        var request = new HttpRequestMessage(HttpMethod.Post, relative) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", signature);
        return await factory.CreateClient().SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostSurgeAsync(string body, string id, DateTimeOffset at, bool tamper = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = at.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/surge/{SurgeId}")
        {
            Content = new StringContent(tamper ? body.Replace("blue", "red") : body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(SurgeSecret, id, timestamp, bytes));
        return await factory.CreateClient().SendAsync(request);
    }

    private Task<HubWatcher> ConnectAsync(string email, string password = PortalFactory.DemoPassword) => HubWatcher.ConnectAsync(factory, email, password);
}
