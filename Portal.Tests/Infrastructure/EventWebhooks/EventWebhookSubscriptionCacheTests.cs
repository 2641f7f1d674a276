using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.EventWebhooks;
using Portal.Core.Realtime;
using Portal.Infrastructure.EventWebhooks;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.EventWebhooks;

/// <summary>The subscriptions cached per instance, and what happens when another instance changed them meanwhile.</summary>
public sealed class EventWebhookSubscriptionCacheTests : IAsyncLifetime
{
    private EventWebhookHarness h = default!;

    public async Task InitializeAsync() => h = await EventWebhookHarness.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    private ConversationEvent Received(string body)
    {
        var message = DataBuilder.Inbound(h.Fixture.AnaSales, body, EventWebhookHarness.Start.UtcDateTime);
        return ConversationEvents.MessageAdded(message, h.Fixture.AnaSales, h.Fixture.Ana);
    }

    [Fact]
    public async Task A_subscription_deleted_by_another_instance_while_cached_does_not_cost_the_other_subscribers_the_event()
    {
        var kept = await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        var gone = await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        await h.Outbox.RecordAsync(Received("first"));
        await using (var db = await h.Database.CreateDbContextAsync())
        {
            // Another instance's delete: this instance's cache still lists it.
            await db.WebhookDeliveries.ExecuteDeleteAsync();
            await db.WebhookSubscriptions.Where(s => s.Id == gone.SubscriptionId).ExecuteDeleteAsync();
        }

        await h.Outbox.RecordAsync(Received("second"));

        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(kept.SubscriptionId, delivery.SubscriptionId);
        Assert.Contains("second", delivery.Payload);
    }

    [Fact]
    public async Task A_load_that_started_before_an_invalidation_is_not_kept_as_fresh()
    {
        await using var before = new TestDatabase();
        var slow = new SlowFirstRead(before, h.Database);
        var routes = new SubscriptionRoutes(slow, Options.Create(new EventWebhookOptions()), h.Clock);
        var loading = routes.ForAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived, CancellationToken.None);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var created = await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        routes.Invalidate();
        slow.Release.TrySetResult();
        Assert.Empty(await loading);

        var after = await routes.ForAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived, CancellationToken.None);
        Assert.Equal(created.SubscriptionId, Assert.Single(after).SubscriptionId);
    }

    /// <summary>The first read is held until released and sees the table as it was before (no subscriptions); later reads see the database.</summary>
    private sealed class SlowFirstRead(IDbContextFactory<PortalDbContext> before, IDbContextFactory<PortalDbContext> now) : IDbContextFactory<PortalDbContext>
    {
        private int reads;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PortalDbContext CreateDbContext() => now.CreateDbContext();

        public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref reads) > 1)
            {
                return await now.CreateDbContextAsync(cancellationToken);
            }

            Entered.TrySetResult();
            await Release.Task;
            return await before.CreateDbContextAsync(cancellationToken);
        }
    }
}
