using System.Text;
using System.Text.Json;
using Portal.Core.EventWebhooks;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.ProviderWebhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.EventWebhooks;

public sealed partial class EventWebhookDeliveryTests : IAsyncLifetime
{
    private EventWebhookHarness h = default!;

    public async Task InitializeAsync() => h = await EventWebhookHarness.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    private InboxFixture F => h.Fixture;

    private ConversationEvent Received(string body = "Is the Camry still available?")
    {
        var message = DataBuilder.Inbound(F.AnaSales, body, EventWebhookHarness.Start.UtcDateTime);
        return ConversationEvents.MessageAdded(message, F.AnaSales, F.Ana);
    }

    [Fact]
    public async Task A_received_text_is_posted_once_to_the_departments_endpoint_signed_by_the_standard_webhooks_algorithm()
    {
        var secret = await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        var published = Received();

        await h.Outbox.RecordAsync(published);
        await h.RunJobsAsync();

        var request = Assert.Single(h.Receiver.Sends());
        Assert.Equal("/hooks/portal", request.Path);
        Assert.Equal("application/json", request.ContentType.Split(';')[0]);
        Assert.StartsWith("msg_", request.Headers["webhook-id"]);
        Assert.Equal(EventWebhookHarness.Start.ToUnixTimeSeconds().ToString(), request.Headers["webhook-timestamp"]);
        Assert.True(EventWebhookHarness.SignatureIsValid(secret.Secret, request));
        Assert.Equal(SignatureVerdict.Valid, StandardWebhookSignature.Verify(secret.Secret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"],
            request.Headers["webhook-signature"], Encoding.UTF8.GetBytes(request.Body), EventWebhookHarness.Start));
        Assert.False(EventWebhookHarness.SignatureIsValid("whsec_" + Convert.ToBase64String(new byte[32]), request));

        var json = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("message.received", json.GetProperty("type").GetString());
        Assert.Equal(EventWebhookHarness.Start.UtcDateTime, json.GetProperty("timestamp").GetDateTime().ToUniversalTime());
        var data = json.GetProperty("data");
        Assert.Equal(F.Sales.Id, data.GetProperty("departmentId").GetGuid());
        Assert.Equal(F.AnaSales.Id, data.GetProperty("threadId").GetGuid());
        Assert.Equal(published.MessageId, data.GetProperty("message").GetProperty("id").GetGuid());
        Assert.Equal("Is the Camry still available?", data.GetProperty("message").GetProperty("body").GetString());
        Assert.Equal("Inbound", data.GetProperty("message").GetProperty("direction").GetString());
        Assert.Equal("Received", data.GetProperty("message").GetProperty("status").GetString());
        Assert.Equal(F.Ana.Id, data.GetProperty("customer").GetProperty("id").GetGuid());
        Assert.Equal("+13125550101", data.GetProperty("customer").GetProperty("phone").GetString());

        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(request.Headers["webhook-id"], delivery.WebhookId);
        Assert.Equal(200, Assert.Single(delivery.Attempts).StatusCode);
    }

    [Fact]
    public async Task A_delivery_made_inside_a_recorded_trace_sends_no_trace_headers_and_is_left_out_of_http_tracing()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        await h.Outbox.RecordAsync(Received());
        using var source = new System.Diagnostics.ActivitySource("Portal.Tests.Tracing");
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        using (source.StartActivity("job"))
        {
            await h.RunJobsAsync();
        }

        var request = Assert.Single(h.Receiver.Sends());
        Assert.False(request.Headers.ContainsKey("traceparent"));
        Assert.False(request.Headers.ContainsKey("tracestate"));
        Assert.False(request.Headers.ContainsKey("baggage"));
        using var marked = new HttpRequestMessage(HttpMethod.Post, h.ReceiverUrl);
        Assert.True(Portal.Infrastructure.EventWebhooks.EventWebhookDeliverer.IsTraced(marked));
    }

    [Fact]
    public async Task Unsubscribed_event_types_other_departments_and_disabled_endpoints_get_nothing()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        var disabled = await h.SubscribeAsync(F.Service.Id, EventWebhookTypes.All);
        await h.Admin.SetEnabledAsync(disabled.SubscriptionId, false);
        var outbound = DataBuilder.Outbound(F.AnaSales, "See you at 3", EventWebhookHarness.Start.UtcDateTime, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent);
        var serviceText = DataBuilder.Inbound(F.CaraService, "Is my car ready?", EventWebhookHarness.Start.UtcDateTime);

        await h.Outbox.RecordAsync(ConversationEvents.StatusChanged(outbound, F.AnaSales, F.Ana));
        await h.Outbox.RecordAsync(ConversationEvents.MessageAdded(outbound, F.AnaSales, F.Ana));
        await h.Outbox.RecordAsync(ConversationEvents.ThreadUpdated(F.AnaSales, F.Ana));
        await h.Outbox.RecordAsync(ConversationEvents.MessageAdded(serviceText, F.CaraService, F.Cara));
        await h.RunJobsAsync();

        Assert.Empty(await h.DeliveriesAsync());
        Assert.Empty(h.Receiver.Requests);
    }

    [Fact]
    public async Task A_500_then_a_200_is_retried_after_the_first_delay_and_delivered_with_both_attempts_recorded()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(500, "boom"));

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var pending = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, pending.Status);
        Assert.Equal(EventWebhookHarness.Start.UtcDateTime.AddSeconds(5), pending.NextAttemptAt);
        var retry = Assert.Single(h.Jobs.EventWebhooks);
        Assert.Equal(pending.NextAttemptAt, retry.At);
        Assert.Equal(retry.JobId, pending.JobId);

        await h.RunJobsAsync();
        Assert.Single(h.Receiver.Sends());

        h.Clock.Advance(TimeSpan.FromSeconds(5));
        await h.DeliverAsync(pending.Id);

        var delivered = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(2, delivered.AttemptCount);
        Assert.Equal([500, 200], delivered.Attempts.OrderBy(a => a.Number).Select(a => a.StatusCode));
        Assert.Contains("boom", delivered.Attempts.Single(a => a.Number == 1).Error);
        var sends = h.Receiver.Sends();
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends[0].Headers["webhook-id"], sends[1].Headers["webhook-id"]);
        Assert.Equal(sends[0].Body, sends[1].Body);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Server_errors_timeouts_and_throttling_answers_are_retried(int status)
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(status, ""));

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(status, delivery.LastStatusCode);
        Assert.Single(h.Jobs.EventWebhooks);
    }

    [Fact]
    public async Task A_receiver_that_hangs_past_the_timeout_gets_an_attempt_recorded_and_a_retry_scheduled()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(200, "{}", Delay: TimeSpan.FromSeconds(30)));

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("No answer within", attempt.Error);
        Assert.Equal(EventWebhookHarness.Start.UtcDateTime.AddSeconds(5), Assert.Single(h.Jobs.EventWebhooks).At);
    }

    [Fact]
    public async Task A_refused_connection_is_retried()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived, FakeProviderServer.RefusingUrl() + "/hook");

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Contains("Could not reach", delivery.LastError);
        Assert.Single(h.Jobs.EventWebhooks);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    [InlineData(301)]
    public async Task A_client_error_or_a_redirect_fails_at_once_and_is_not_retried(int status)
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(status, "no thanks"));

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(status, delivery.LastStatusCode);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Empty(h.Jobs.EventWebhooks);
        Assert.Single(h.Receiver.Sends());
    }

    [Fact]
    public async Task A_410_fails_the_delivery_and_switches_the_endpoint_off()
    {
        var subscription = await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(410, ""));

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();
        await h.Outbox.RecordAsync(Received("Hello?"));

        Assert.Equal(WebhookDeliveryStatus.Failed, (await h.SingleDeliveryAsync()).Status);
        var listed = Assert.Single(await h.Admin.ListAsync(), s => s.Id == subscription.SubscriptionId);
        Assert.False(listed.Enabled);
        Assert.Contains("410", listed.DisabledReason);
    }

    [Fact]
    public async Task When_the_backoff_schedule_is_used_up_the_delivery_fails_after_about_a_day()
    {
        await h.SubscribeAsync(F.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Default(_ => new FakeResponse(503, ""));
        await h.Outbox.RecordAsync(Received());

        await h.RunJobsAsync();
        for (var guard = 0; guard < 20 && (await h.SingleDeliveryAsync()).NextAttemptAt is { } next; guard++)
        {
            h.Clock.SetUtcNow(new DateTimeOffset(next));
            await h.RunJobsAsync();
        }

        var failed = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Failed, failed.Status);
        Assert.Equal(7, failed.AttemptCount);
        Assert.Equal(7, h.Receiver.Sends().Count);
        var span = failed.Attempts.Max(a => a.AttemptedAt) - failed.Attempts.Min(a => a.AttemptedAt);
        Assert.InRange(span, TimeSpan.FromHours(16), TimeSpan.FromHours(26));
    }
}
