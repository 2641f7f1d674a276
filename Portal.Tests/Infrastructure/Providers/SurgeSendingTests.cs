using System.Text.Json;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Infrastructure.Sending;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Providers;

public sealed class SurgeSendingTests : IAsyncLifetime
{
    private FakeProviderServer surge = default!;
    private SendingHarness h = default!;

    public async Task InitializeAsync()
    {
        surge = await FakeProviderServer.StartAsync(SeedConformance.Surge, _ => new FakeResponse(201, $"{{\"id\":\"msg_{Guid.NewGuid():N}\",\"body\":\"x\"}}"));
        h = await SendingHarness.CreateAsync(SurgeModule.Kind, surge.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await surge.DisposeAsync();
    }

    [Fact]
    public async Task A_send_is_valid_against_the_seed_and_ends_sent_with_surges_id()
    {
        var message = await h.QueueAsync("Hi Ana, your car is ready");

        var outcome = await h.Dispatcher.DispatchAsync(message.Id);

        var request = Assert.Single(surge.Sends());
        Assert.Empty(request.ConformanceErrors);
        Assert.Equal("/accounts/acct_01j9a43avnfqzbjfch6pygv1td/messages", request.Path);
        Assert.Equal("Bearer secret-token-123", request.Headers["Authorization"]);
        using var json = JsonDocument.Parse(request.Body);
        var contact = json.RootElement.GetProperty("conversation").GetProperty("contact");
        Assert.Equal("+13125550101", contact.GetProperty("phone_number").GetString());
        Assert.Equal("Ana", contact.GetProperty("first_name").GetString());
        Assert.False(json.RootElement.TryGetProperty("to", out _));
        Assert.Equal(message.Id.ToString(), json.RootElement.GetProperty("metadata").GetProperty("portal_message_id").GetString());

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(DispatchOutcome.Sent, outcome);
        Assert.Equal(MessageStatus.Sent, stored.Status);
        Assert.StartsWith("msg_", stored.ProviderMessageId);
        Assert.Equal(1, stored.Attempts);
    }

    [Fact]
    public async Task Without_a_name_the_simple_to_from_shape_is_sent()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            var customer = await db.Customers.FindAsync(h.Customer.Id);
            customer!.FirstName = "";
            await db.SaveChangesAsync();
        }

        var message = await h.QueueAsync("Hello");
        await h.Dispatcher.DispatchAsync(message.Id);

        var request = Assert.Single(surge.Sends());
        Assert.Empty(request.ConformanceErrors);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("+13125550101", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("+13125550100", json.RootElement.GetProperty("from").GetString());
        Assert.False(json.RootElement.TryGetProperty("conversation", out _));
    }

    [Fact]
    public async Task Attachments_go_as_urls()
    {
        var message = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id,
            new Portal.Core.Sending.ComposeRequest("", [new Attachment("https://portal.example.com/media/abc", "image/jpeg")]), h.Actor);

        await h.Dispatcher.DispatchAsync(message.Id);

        var request = Assert.Single(surge.Sends());
        Assert.Empty(request.ConformanceErrors);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("https://portal.example.com/media/abc", json.RootElement.GetProperty("attachments")[0].GetProperty("url").GetString());
        Assert.False(json.RootElement.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Opted_out_is_permanent_and_marks_the_customer()
    {
        surge.Then(new FakeResponse(422, """{"error":{"type":"opted_out","message":"The contact has opted out"}}"""));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.OptedOut, stored.FailureReason);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(ConsentStatus.OptedOut, (await h.ReloadCustomerAsync()).Consent);
        Assert.Single(surge.Sends());
    }

    [Fact]
    public async Task A_429_is_retried_after_the_retry_after_delay_then_sent()
    {
        surge.Then(new FakeResponse(429, """{"error":{"type":"rate_limited","message":"slow down"}}""", RetryAfter: "120"));
        var message = await h.QueueAsync();

        var first = await h.Dispatcher.DispatchAsync(message.Id);
        var waiting = await h.ReloadAsync(message.Id);

        Assert.Equal(DispatchOutcome.Retrying, first);
        Assert.Equal(MessageStatus.Retrying, waiting.Status);
        Assert.Equal(FailureReason.RateLimited, waiting.FailureReason);
        Assert.True(waiting.NextAttemptAt >= SendingHarness.Start.AddSeconds(120), $"next attempt {waiting.NextAttemptAt:o} is sooner than Retry-After");
        Assert.Contains(h.Jobs.Sends, j => j.MessageId == message.Id && j.At == waiting.NextAttemptAt);

        // The retry job fires early: nothing happens until the time has come.
        Assert.Equal(DispatchOutcome.Rescheduled, await h.Dispatcher.DispatchAsync(message.Id));
        Assert.Single(surge.Sends());

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(DispatchOutcome.Sent, await h.Dispatcher.DispatchAsync(message.Id));
        var sent = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.FailureReason);
        Assert.Equal(2, surge.Sends().Count);
    }

    [Fact]
    public async Task A_5xx_is_ambiguous_never_resent_and_left_for_a_person()
    {
        surge.Then(new FakeResponse(503, "upstream error"));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);
        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.OutcomeUnknown, stored.FailureReason);
        Assert.Single(surge.Sends());
        Assert.DoesNotContain(h.Jobs.Sends, j => j.MessageId == message.Id && j.At is not null);
    }

    [Fact]
    public async Task A_timeout_is_ambiguous()
    {
        surge.Then(new FakeResponse(201, """{"id":"msg_late"}""", Delay: TimeSpan.FromSeconds(5)));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.OutcomeUnknown, stored.FailureReason);
        Assert.Contains("did not answer in time", stored.FailureDetail);
    }

    [Fact]
    public async Task A_test_send_reports_the_providers_exact_answer_and_secrets_are_shown_masked()
    {
        surge.Then(new FakeResponse(422, """{"error":{"type":"phone_number_not_found","message":"No such number on this account"}}"""));
        var providers = new Portal.Core.Providers.IMessageProvider[] { new Portal.Infrastructure.Providers.Surge.SurgeProvider(h.Http) };
        var admin = new Portal.Infrastructure.Providers.ProviderAccountAdministration(h.Database,
            new Portal.Infrastructure.Security.DataProtectionSecretProtector(Microsoft.AspNetCore.DataProtection.DataProtectionProvider.Create("portal-tests")),
            h.Store, providers, TestProviders.Catalog, new PhoneNumberNormalizer("US"));

        var report = await admin.SendTestAsync(h.Account.Id, "(312) 555-0199", "Test");
        var summary = Assert.Single(await admin.ListAsync());

        Assert.Equal(SendOutcome.Permanent, report.Outcome);
        Assert.Equal(422, report.HttpStatus);
        Assert.Contains("No such number on this account", report.ResponseBody);
        Assert.Empty(Assert.Single(surge.Sends()).ConformanceErrors);
        Assert.Equal("••••-123", summary.ApiTokenMask);
        Assert.DoesNotContain("secret-token-123", summary.ToString());
        Assert.Equal($"https://portal.example.com/webhooks/surge/{h.Account.Id}", Assert.Single(summary.WebhookUrls).Url);
    }

    [Fact]
    public async Task Bad_credentials_fail_at_once()
    {
        surge.Then(new FakeResponse(401, """{"error":{"type":"unauthorized","message":"bad token"}}"""));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.ProviderRejected, stored.FailureReason);
        Assert.Equal(1, stored.Attempts);
    }
}
