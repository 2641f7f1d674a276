using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Providers;

public sealed class SignalWireSendingTests : IAsyncLifetime
{
    private FakeProviderServer signalWire = default!;
    private SendingHarness h = default!;

    public async Task InitializeAsync()
    {
        signalWire = await FakeProviderServer.StartAsync(SeedConformance.SignalWire,
            _ => new FakeResponse(201, $$"""{"sid":"{{Guid.NewGuid()}}","status":"queued","num_segments":"1"}"""));
        h = await SendingHarness.CreateAsync(SignalWireModule.Kind, signalWire.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await signalWire.DisposeAsync();
    }

    [Fact]
    public async Task A_send_is_a_valid_form_post_with_basic_auth_and_a_status_callback_for_this_account()
    {
        var media = Enumerable.Range(1, 2).Select(i => new Attachment($"https://portal.example.com/media/{i}")).ToList();
        var message = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Photos of your car", media), h.Actor);

        await h.Dispatcher.DispatchAsync(message.Id);

        var request = Assert.Single(signalWire.Sends());
        Assert.Empty(request.ConformanceErrors);
        Assert.Equal("/api/laml/2010-04-01/Accounts/6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b/Messages", request.Path);
        var form = QueryHelpers.ParseQuery(request.Body);
        Assert.Equal("+13125550101", form["To"].ToString());
        Assert.Equal("+13125550100", form["From"].ToString());
        Assert.Equal(new[] { "https://portal.example.com/media/1", "https://portal.example.com/media/2" }, form["MediaUrl"].Select(v => v ?? "").ToArray());
        Assert.Equal($"https://portal.example.com/webhooks/signalwire/{h.Account.Id}/status?portalMessageId={message.Id}", form["StatusCallback"].ToString());

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Sent, stored.Status);
        Assert.True(Guid.TryParse(stored.ProviderMessageId, out _));
    }

    [Fact]
    public async Task A_messaging_service_replaces_the_from_number()
    {
        await using var withService = await SendingHarness.CreateAsync(SignalWireModule.Kind, signalWire.BaseUrl,
            a => a.Settings["MessagingServiceSid"] = "0e2b5c1a-9a8b-4c7d-8e6f-5a4b3c2d1e0f");
        var message = await withService.QueueAsync();

        await withService.Dispatcher.DispatchAsync(message.Id);

        var request = Assert.Single(signalWire.Sends());
        Assert.Empty(request.ConformanceErrors);
        var form = QueryHelpers.ParseQuery(request.Body);
        Assert.False(form.ContainsKey("From"));
        Assert.Equal("0e2b5c1a-9a8b-4c7d-8e6f-5a4b3c2d1e0f", form["MessagingServiceSid"].ToString());
    }

    [Theory]
    [InlineData(21211, 400, FailureReason.InvalidPhoneNumber)]
    [InlineData(21610, 400, FailureReason.OptedOut)]
    [InlineData(21614, 400, FailureReason.NotMobileNumber)]
    [InlineData(30007, 422, FailureReason.FilteredAsSpam)]
    public async Task Permanent_error_codes_fail_at_once_with_their_reason(int code, int status, FailureReason reason)
    {
        signalWire.Then(new FakeResponse(status, $$"""{"code":{{code}},"message":"refused","more_info":"https://example.test","status":{{status}}}"""));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(reason, stored.FailureReason);
        Assert.StartsWith(code.ToString(), stored.FailureDetail);
        Assert.Equal(1, stored.Attempts);
    }

    [Fact]
    public async Task Throughput_exceeded_is_transient()
    {
        signalWire.Then(new FakeResponse(429, """{"code":20429,"message":"Too Many Requests","more_info":"","status":429}""", RetryAfter: "30"));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Retrying, stored.Status);
        Assert.Equal(FailureReason.RateLimited, stored.FailureReason);
        Assert.True(stored.NextAttemptAt >= SendingHarness.Start.AddSeconds(30));
    }

    [Fact]
    public async Task After_an_ambiguous_5xx_the_message_is_looked_up_instead_of_resent()
    {
        signalWire.Then(new FakeResponse(500, "internal error"));
        signalWire.Default(r => r.Method == "GET"
            ? new FakeResponse(200, Listing(
                ("earlier-same-text", "Your car is ready", SendingHarness.Start.AddHours(-3)),
                ("found-sid-1", "Your car is ready", SendingHarness.Start)))
            : new FakeResponse(201, """{"sid":"should-not-be-used"}"""));
        var message = await h.QueueAsync("Your car is ready");

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Sent, stored.Status);
        Assert.Equal("found-sid-1", stored.ProviderMessageId);
        Assert.Single(signalWire.Sends("POST"));
        var lookup = Assert.Single(signalWire.Sends("GET"));
        Assert.Empty(lookup.ConformanceErrors);
        Assert.EndsWith("/Messages.json", lookup.Path);
    }

    [Fact]
    public async Task When_the_lookup_finds_nothing_a_person_decides()
    {
        signalWire.Then(new FakeResponse(502, "bad gateway"));
        signalWire.Default(r => new FakeResponse(200, """{"messages":[]}"""));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.OutcomeUnknown, stored.FailureReason);
        Assert.Single(signalWire.Sends("POST"));
    }

    [Fact]
    public async Task More_than_eight_attachments_are_refused_without_calling_the_provider()
    {
        var media = Enumerable.Range(1, 9).Select(i => new Attachment($"https://portal.example.com/media/{i}")).ToList();
        var message = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Too many", media), h.Actor);

        await h.Dispatcher.DispatchAsync(message.Id);

        Assert.Equal(MessageStatus.Failed, (await h.ReloadAsync(message.Id)).Status);
        Assert.Empty(signalWire.Requests);
    }

    [Fact]
    public async Task Two_photo_only_texts_the_lookup_cannot_tell_apart_are_left_for_a_person_not_credited()
    {
        signalWire.Then(new FakeResponse(504, "gateway timeout"));
        signalWire.Default(r => new FakeResponse(200, System.Text.Json.JsonSerializer.Serialize(new
        {
            messages = new[] { "photo-a", "photo-b" }.Select(sid => new
            {
                sid, body = "", to = "+13125550101", num_media = 1, status = "sent", date_created = SendingHarness.Start.ToString("R"),
            }),
        })));
        var message = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("", [new Attachment("https://portal.example.com/media/1")]), h.Actor);

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.OutcomeUnknown, stored.FailureReason);
        Assert.Null(stored.ProviderMessageId);
    }

    [Fact]
    public async Task A_flagged_send_is_resolved_by_a_status_callback_carrying_our_id()
    {
        signalWire.Then(new FakeResponse(502, "bad gateway"));
        signalWire.Default(r => new FakeResponse(200, """{"messages":[]}"""));
        var message = await h.QueueAsync();
        await h.Dispatcher.DispatchAsync(message.Id);
        Assert.Equal(FailureReason.OutcomeUnknown, (await h.ReloadAsync(message.Id)).FailureReason);

        Assert.True(await h.Statuses.ApplyProviderStatusAsync(h.Account.Id, "late-sid", MessageStatus.Delivered, null, null, portalMessageId: message.Id));

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Delivered, stored.Status);
        Assert.Equal("late-sid", stored.ProviderMessageId);
        Assert.Null(stored.FailureReason);
    }

    [Fact]
    public async Task A_send_interrupted_by_a_crash_is_looked_up_before_anyone_is_asked()
    {
        signalWire.Default(r => new FakeResponse(200, Listing(("crash-sid", "Found after the crash", SendingHarness.Start))));
        var found = await h.QueueAsync("Found after the crash");
        var missing = await h.QueueAsync("Never reached the provider");
        await using (var db = h.Database.CreateDbContext())
        {
            foreach (var id in new[] { found.Id, missing.Id })
            {
                var m = await db.Messages.SingleAsync(x => x.Id == id);
                m.MoveTo(MessageStatus.Sending, SendingHarness.Start);
            }

            await db.SaveChangesAsync();
        }

        Assert.True(await h.Interrupted.MarkInterruptedAsync(found.Id));
        Assert.True(await h.Interrupted.MarkInterruptedAsync(missing.Id));

        var sent = await h.ReloadAsync(found.Id);
        Assert.Equal(MessageStatus.Sent, sent.Status);
        Assert.Equal("crash-sid", sent.ProviderMessageId);
        Assert.Equal(MessageStatus.Retrying, (await h.ReloadAsync(missing.Id)).Status);
        Assert.Contains(h.Jobs.Sends, j => j.MessageId == missing.Id);
        Assert.Empty(signalWire.Sends("POST"));
    }

    private static string Listing(params (string Sid, string Body, DateTime Created)[] messages) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            messages = messages.Select(m => new { sid = m.Sid, body = m.Body, to = "+13125550101", status = "sent", date_created = m.Created.ToString("R") }),
        });
}
