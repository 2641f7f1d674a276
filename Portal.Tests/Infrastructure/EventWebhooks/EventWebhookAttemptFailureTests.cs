using Microsoft.EntityFrameworkCore;
using Portal.Core.EventWebhooks;
using Portal.Core.Realtime;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.EventWebhooks;

/// <summary>Attempts that go wrong in ways other than an answer: a body that never ends, a failure inside the portal.</summary>
public sealed class EventWebhookAttemptFailureTests : IAsyncLifetime
{
    private EventWebhookHarness h = default!;

    public async Task InitializeAsync() => h = await EventWebhookHarness.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    private ConversationEvent Received()
    {
        var message = DataBuilder.Inbound(h.Fixture.AnaSales, "Is the Camry still available?", EventWebhookHarness.Start.UtcDateTime);
        return ConversationEvents.MessageAdded(message, h.Fixture.AnaSales, h.Fixture.Ana);
    }

    [Fact]
    public async Task A_receiver_that_sends_500_headers_and_never_finishes_the_body_times_out_and_is_retried()
    {
        await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(500, "partial", StallBody: true));
        await h.Outbox.RecordAsync(Received());

        var run = h.RunJobsAsync();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(run, finished);
        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Null(delivery.LockedUntil);
        Assert.Contains("No answer within", Assert.Single(delivery.Attempts).Error);
        Assert.Equal(EventWebhookHarness.Start.UtcDateTime.AddSeconds(5), Assert.Single(h.Jobs.EventWebhooks).At);
    }

    [Fact]
    public async Task A_secret_that_cannot_be_decrypted_is_recorded_on_each_attempt_retried_and_finally_failed_without_a_request()
    {
        var subscription = await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        await using (var db = await h.Database.CreateDbContextAsync())
        {
            await db.WebhookSubscriptions.Where(s => s.Id == subscription.SubscriptionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ProtectedSecret, "CfDJ8-not-a-protected-payload"));
        }

        await h.Outbox.RecordAsync(Received());
        await h.RunJobsAsync();

        var first = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, first.Status);
        Assert.Null(first.LockedUntil);
        Assert.Contains("could not make the attempt", Assert.Single(first.Attempts).Error);
        Assert.Single(h.Jobs.EventWebhooks);

        for (var i = 0; i < 10 && (await h.SingleDeliveryAsync()).Status == WebhookDeliveryStatus.Pending; i++)
        {
            h.Clock.Advance(TimeSpan.FromHours(10));
            await h.RunJobsAsync();
        }

        var failed = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Failed, failed.Status);
        Assert.Equal(1 + EventWebhookOptionsSchedule.Count, failed.Attempts.Count);
        Assert.All(failed.Attempts, a => Assert.Contains("could not make the attempt", a.Error));
        Assert.Empty(h.Receiver.Requests);
        Assert.Empty(h.Jobs.EventWebhooks);
    }

    private static IReadOnlyList<TimeSpan> EventWebhookOptionsSchedule => Portal.Infrastructure.EventWebhooks.EventWebhookOptions.DefaultRetryDelays;
}
