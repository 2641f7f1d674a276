using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Messages;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.ProviderWebhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>One host with a SignalWire, a Surge and a department-less account, shared by the tests of this class.</summary>
public sealed class InboundWebhookHost : IAsyncLifetime
{
    public static readonly Guid SignalWireId = Guid.Parse("5d7e2a51-6b3d-4f8e-9a1c-2d3e4f5a6b01");
    public static readonly Guid SurgeId = Guid.Parse("5d7e2a51-6b3d-4f8e-9a1c-2d3e4f5a6b02");
    public static readonly Guid OrphanId = Guid.Parse("5d7e2a51-6b3d-4f8e-9a1c-2d3e4f5a6b03");
    public const string SigningKey = "sw-signing-key-odd";
    public const string SurgeSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-inbound-{Guid.NewGuid():N}.db");

    public PortalFactory Factory { get; private set; } = default!;

    public Task InitializeAsync()
    {
        var settings = ConfiguredAccounts.SignalWire(SignalWireId, SigningKey);
        settings["Portal:ProviderAccounts:1:Id"] = SurgeId.ToString();
        settings["Portal:ProviderAccounts:1:Kind"] = "Surge";
        settings["Portal:ProviderAccounts:1:Name"] = "Sales Surge";
        settings["Portal:ProviderAccounts:1:Department"] = "Sales";
        settings["Portal:ProviderAccounts:1:AccountId"] = "acct_odd";
        settings["Portal:ProviderAccounts:1:SigningKey"] = SurgeSecret;
        foreach (var (key, value) in ConfiguredAccounts.SignalWire(OrphanId, SigningKey, department: "", index: 2))
        {
            settings[key] = value;
        }

        settings["Portal:ProviderAccounts:2:Department"] = null;
        Factory = new PortalFactory(databasePath, settings);
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    public async Task<HttpResponseMessage> PostSignalWireAsync(Guid accountId, string route, KeyValuePair<string, string>[] form)
    {
        var relative = $"/webhooks/signalwire/{accountId}/{route}";
        var request = new HttpRequestMessage(HttpMethod.Post, relative) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(SigningKey, ConfiguredAccounts.PublicBase + relative, form));
        return await Factory.CreateClient().SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostSurgeAsync(string body, string? id = null, string? timestamp = null, bool sign = true)
    {
        id ??= $"msg_{Guid.NewGuid():N}";
        var bytes = Encoding.UTF8.GetBytes(body);
        var at = Factory.Clock.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/surge/{SurgeId}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp ?? at.ToString());
        request.Headers.Add("webhook-signature", sign ? StandardWebhookSignature.Sign(SurgeSecret, id, at, bytes) : "v1,AAAA");
        return await Factory.CreateClient().SendAsync(request);
    }

    public static KeyValuePair<string, string>[] Inbound(string sid, string from, string body, params KeyValuePair<string, string>[] extra) =>
    [
        new("MessageSid", sid), new("AccountSid", ConfiguredAccounts.SignalWireProject), new("From", from),
        new("To", ConfiguredAccounts.SignalWireNumber), new("Body", body), .. extra.Length == 0 ? [new KeyValuePair<string, string>("NumMedia", "0")] : extra,
    ];

    public static string SurgeReceived(string id, string from, string body, string receivedAt = "2026-11-24T00:00:00Z") =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            account_id = "acct_odd",
            type = "message.received",
            timestamp = receivedAt,
            data = new
            {
                id,
                body,
                received_at = receivedAt,
                conversation = new { id = "cnv_1", contact = new { id = "ctc_1", phone_number = from }, phone_number = new { id = "pn_1", number = "+13125550188", type = "local" } },
            },
        });
}

/// <summary>Odd senders, malformed and hostile payloads: a signed, readable text is never lost, and nothing answers 500.</summary>
public sealed class InboundWebhookTests(InboundWebhookHost host) : IClassFixture<InboundWebhookHost>
{
    private PortalFactory Factory => host.Factory;

    [Theory]
    [InlineData("+15555550123", "+15555550123")]
    [InlineData("72345", "72345")]
    [InlineData("ACMEAUTO", "ACMEAUTO")]
    [InlineData("+19995550123", "+19995550123")]
    public async Task A_signalwire_text_from_any_sender_is_stored_and_pushed(string from, string stored)
    {
        await using var watcher = await HubWatcher.ConnectAsync(Factory, "staff.service@demo.portal", PortalFactory.DemoPassword);
        var sid = $"SM{Guid.NewGuid():N}";

        var response = await host.PostSignalWireAsync(InboundWebhookHost.SignalWireId, "messages", InboundWebhookHost.Inbound(sid, from, "Hi from an odd sender"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await Factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.ProviderMessageId == sid));
        var customer = await Factory.QueryAsync(db => db.Threads.Where(t => t.Id == message.ThreadId).Select(t => t.Customer!).SingleAsync());
        Assert.Equal(stored, customer.Phone);
        var pushed = await watcher.NextAsync("MessageReceived");
        Assert.Equal(message.Id, pushed.GetProperty("messageId").GetGuid());
    }

    [Theory]
    [InlineData("+15555550124", "+15555550124")]
    [InlineData("72346", "72346")]
    [InlineData("ACME PARTS", "ACME PARTS")]
    public async Task A_surge_text_from_any_sender_is_stored_and_pushed(string from, string stored)
    {
        await using var watcher = await HubWatcher.ConnectAsync(Factory, "staff.sales@demo.portal", PortalFactory.DemoPassword);
        var id = $"msg_{Guid.NewGuid():N}";

        var response = await host.PostSurgeAsync(InboundWebhookHost.SurgeReceived(id, from, "Is the truck still there?", Factory.Clock.UtcNow.ToString("o")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await Factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.ProviderMessageId == id));
        Assert.Equal(stored, await Factory.QueryAsync(db => db.Threads.Where(t => t.Id == message.ThreadId).Select(t => t.Customer!.Phone).SingleAsync()));
        Assert.Equal(message.Id, (await watcher.NextAsync("MessageReceived")).GetProperty("messageId").GetGuid());
    }

    [Fact]
    public async Task The_simulators_customer_reply_from_a_sender_name_is_stored()
    {
        var simulator = await Factory.QueryAsync(db => db.ProviderAccounts.Where(a => a.Name == "Parts texting").Select(a => a.Id).SingleAsync());
        var inbound = Factory.Services.GetRequiredService<IInboundMessageService>();

        var result = await inbound.ReceiveAsync(new InboundText(simulator, $"SIMIN{Guid.NewGuid():N}", "DEALERCO", "+13125550100", "Your part shipped", [], Factory.Clock.UtcNow));

        Assert.True(result.Created);
        Assert.Equal("DEALERCO", await Factory.QueryAsync(db => db.Messages.Where(m => m.Id == result.MessageId).Select(m => db.Threads.Single(t => t.Id == m.ThreadId).Customer!.Phone).SingleAsync()));
    }

    [Fact]
    public async Task A_negative_media_count_is_read_as_no_media_and_the_text_kept()
    {
        var sid = $"SM{Guid.NewGuid():N}";

        var response = await host.PostSignalWireAsync(InboundWebhookHost.SignalWireId, "messages",
            InboundWebhookHost.Inbound(sid, "+13125550161", "photo?", new("NumMedia", "-1"), new("MediaUrl0", "https://media.example.com/x.jpg")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await Factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.ProviderMessageId == sid))).Attachments);
    }

    [Theory]
    [InlineData("""{"type":"message.received","data":{"id":"msg_bad1","body":"x"}}""")]
    [InlineData("""{"type":"message.received","data":{"id":"msg_bad2","body":"x","conversation":{"id":"c"}}}""")]
    [InlineData("""{"type":"message.received","data":{"id":"msg_bad3","body":"x","conversation":{"contact":{"phone_number":13125550162}}}}""")]
    [InlineData("""{"type":"message.received","data":{"id":"msg_bad4","body":{"text":"x"},"conversation":{"contact":{"phone_number":"+13125550162"}}}}""")]
    [InlineData("""{"type":"message.received","data":{"id":7,"body":"x","conversation":{"contact":{"phone_number":"+13125550162"}}}}""")]
    [InlineData("""[{"type":"message.received"}]""")]
    [InlineData("\"message.received\"")]
    [InlineData("""{"type":42,"data":{}}""")]
    [InlineData("""{"type":"message.received","data":"x"}""")]
    [InlineData("not json")]
    public async Task A_signed_but_malformed_surge_event_gets_400_and_is_logged(string body)
    {
        var id = $"msg_{Guid.NewGuid():N}";

        var response = await host.PostSurgeAsync(body, id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var logged = await Factory.QueryAsync(db => db.WebhookEvents.AsNoTracking()
            .Where(e => e.ProviderAccountId == InboundWebhookHost.SurgeId && e.Outcome == WebhookOutcome.Rejected && e.Verdict == SignatureVerdict.Valid).ToListAsync());
        Assert.Contains(logged, e => e.Payload == body);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_body_is_replaced_and_the_text_kept()
    {
        var id = $"msg_{Guid.NewGuid():N}";
        var body = InboundWebhookHost.SurgeReceived(id, "+13125550163", "PLACEHOLDER", Factory.Clock.UtcNow.ToString("o")).Replace("\"PLACEHOLDER\"", "\"broken \\ud800 char\"");

        var response = await host.PostSurgeAsync(body, id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("broken \ufffd char", await Factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == id).Select(m => m.Body).SingleAsync()));
    }

    [Fact]
    public async Task A_timestamp_far_outside_any_calendar_is_stale_not_an_error()
    {
        var response = await host.PostSurgeAsync("{}", timestamp: "99999999999999", sign: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var response = await host.PostSurgeAsync(new string('x', 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Unsigned_calls_store_little_and_only_so_many_a_minute()
    {
        var before = await Factory.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.ProviderAccountId == InboundWebhookHost.OrphanId));
        var client = Factory.CreateClient();
        var filler = new string('z', 20_000);

        for (var i = 0; i < RejectedWebhookLog.PerAccountPerMinute + 10; i++)
        {
            var response = await client.PostAsync($"/webhooks/signalwire/{InboundWebhookHost.OrphanId}/messages",
                new FormUrlEncodedContent([new("MessageSid", $"SMx{i}"), new("Body", filler)]));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var stored = await Factory.QueryAsync(db => db.WebhookEvents.AsNoTracking().Where(e => e.ProviderAccountId == InboundWebhookHost.OrphanId).ToListAsync());
        Assert.Equal(RejectedWebhookLog.PerAccountPerMinute, stored.Count - before);
        Assert.All(stored, e => Assert.True(e.Payload.Length <= RejectedWebhookLog.MaxUnverifiedPayload));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_help_text_all_answer_2xx_and_reply_once()
    {
        var sid = $"SM{Guid.NewGuid():N}";
        var form = InboundWebhookHost.Inbound(sid, "+13125550164", "HELP");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.PostSignalWireAsync(InboundWebhookHost.SignalWireId, "messages", form)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var threadId = await Factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == sid).Select(m => m.ThreadId).SingleAsync());
        Assert.Equal(1, await Factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.AuthorName == "Automatic reply")));
        Assert.Equal(1, await Factory.QueryAsync(db => db.WebhookEvents.CountAsync(e => e.EventId == sid)));
    }

    [Fact]
    public async Task A_provider_time_far_in_the_future_is_clamped_to_the_receive_time()
    {
        var id = $"msg_{Guid.NewGuid():N}";

        await host.PostSurgeAsync(InboundWebhookHost.SurgeReceived(id, "+13125550165", "From the future", "9999-12-31T23:59:59Z"), id);

        var occurredAt = await Factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == id).Select(m => m.OccurredAt).SingleAsync());
        Assert.InRange(occurredAt, Factory.Clock.UtcNow.AddMinutes(-5), Factory.Clock.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_text_to_an_account_without_a_department_is_kept_for_a_person_and_replayable()
    {
        var sid = $"SM{Guid.NewGuid():N}";

        var response = await host.PostSignalWireAsync(InboundWebhookHost.OrphanId, "messages", InboundWebhookHost.Inbound(sid, "+13125550166", "Anyone?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = await Factory.QueryAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.EventId == sid));
        Assert.Equal(WebhookOutcome.NeedsAttention, recorded.Outcome);
        Assert.Contains("not attached to a department", recorded.Error);
        Assert.False(await Factory.QueryAsync(db => db.Messages.AnyAsync(m => m.ProviderMessageId == sid)));
        Assert.Contains("Body=Anyone", recorded.Payload);
    }

    [Fact]
    public async Task A_recorded_surge_event_replays_without_a_second_message()
    {
        var id = $"msg_{Guid.NewGuid():N}";
        await host.PostSurgeAsync(InboundWebhookHost.SurgeReceived(id, "+13125550167", "Replay me", Factory.Clock.UtcNow.ToString("o")), id);
        var recorded = await Factory.QueryAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.EventId == id));

        var outcome = await Factory.Services.GetRequiredService<WebhookPipeline>().ReplayAsync(recorded.Id, CancellationToken.None);

        Assert.Equal(WebhookOutcome.Duplicate, outcome);
        Assert.Equal(1, await Factory.QueryAsync(db => db.Messages.CountAsync(m => m.ProviderMessageId == id)));
        Assert.Equal(WebhookOutcome.Processed, await Factory.QueryAsync(db => db.WebhookEvents.Where(e => e.Id == recorded.Id).Select(e => e.Outcome).SingleAsync()));
    }

    [Fact]
    public async Task A_surge_opt_out_event_opts_out_the_number_and_a_status_event_moves_a_message()
    {
        var phone = "+13125550168";
        await host.PostSurgeAsync(InboundWebhookHost.SurgeReceived($"msg_{Guid.NewGuid():N}", phone, "hello", Factory.Clock.UtcNow.ToString("o")));

        var response = await host.PostSurgeAsync($$$"""{"account_id":"acct_odd","type":"contact.opted_out","timestamp":"2026-11-24T00:00:00Z","data":{"id":"ctc_1","phone_number":"{{{phone}}}"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Portal.Core.Customers.ConsentStatus.OptedOut, await Factory.QueryAsync(db => db.Customers.Where(c => c.Phone == phone).Select(c => c.Consent).SingleAsync()));
    }

    [Fact]
    public async Task A_text_to_a_closed_conversation_reopens_it_with_its_history_and_assignee()
    {
        var phone = "+13125550169";
        var first = $"SM{Guid.NewGuid():N}";
        await host.PostSignalWireAsync(InboundWebhookHost.SignalWireId, "messages", InboundWebhookHost.Inbound(first, phone, "Is my car ready?"));
        var threadId = await Factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == first).Select(m => m.ThreadId).SingleAsync());
        var adminId = await Factory.QueryAsync(db => db.Users.Where(u => u.Email == PortalFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var staffId = await Factory.QueryAsync(db => db.Users.Where(u => u.Email == "staff.service@demo.portal").Select(u => u.Id).SingleAsync());
        var admin = Portal.Core.Security.DepartmentScope.For(adminId, [Portal.Core.Security.Roles.Admin], []);
        var threads = Factory.Services.GetRequiredService<Portal.Core.Threads.IThreadService>();
        await threads.AssignAsync(admin, threadId, staffId, new Portal.Core.Common.Actor(adminId, "Admin"));
        await threads.CloseAsync(admin, threadId, new Portal.Core.Common.Actor(adminId, "Admin"));
        await using var watcher = await HubWatcher.ConnectAsync(Factory, "staff.service@demo.portal", PortalFactory.DemoPassword);

        var again = $"SM{Guid.NewGuid():N}";
        await host.PostSignalWireAsync(InboundWebhookHost.SignalWireId, "messages", InboundWebhookHost.Inbound(again, phone, "One more thing"));

        Assert.Equal(threadId, await Factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == again).Select(m => m.ThreadId).SingleAsync()));
        var thread = await Factory.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId));
        Assert.Equal(Portal.Core.Threads.ThreadStatus.Open, thread.Status);
        Assert.Equal(staffId, thread.AssigneeId);
        Assert.Equal(1, await Factory.QueryAsync(db => db.Threads.CountAsync(t => t.CustomerId == thread.CustomerId && t.DepartmentId == thread.DepartmentId)));
        var updated = await watcher.NextAsync("ThreadUpdated");
        Assert.Equal("Open", updated.GetProperty("thread").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_text_wakes_a_snoozed_conversation()
    {
        var phone = "+13125550170";
        var first = $"SM{Guid.NewGuid():N}";
        await host.PostSignalWireAsync(InboundWebhookHost.SignalWireId, "messages", InboundWebhookHost.Inbound(first, phone, "Hi"));
        var threadId = await Factory.QueryAsync(db => db.Messages.Where(m => m.ProviderMessageId == first).Select(m => m.ThreadId).SingleAsync());
        var adminId = await Factory.QueryAsync(db => db.Users.Where(u => u.Email == PortalFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        await Factory.Services.GetRequiredService<Portal.Core.Threads.IThreadService>().SnoozeAsync(
            Portal.Core.Security.DepartmentScope.For(adminId, [Portal.Core.Security.Roles.Admin], []), threadId, Factory.Clock.UtcNow.AddDays(1), new Portal.Core.Common.Actor(adminId, "Admin"));

        await host.PostSignalWireAsync(InboundWebhookHost.SignalWireId, "messages", InboundWebhookHost.Inbound($"SM{Guid.NewGuid():N}", phone, "Actually, one question"));

        var thread = await Factory.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId));
        Assert.Equal(Portal.Core.Threads.ThreadStatus.Open, thread.Status);
        Assert.Null(thread.SnoozedUntil);
    }
}
