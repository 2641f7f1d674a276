using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.EventWebhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.EventWebhooks;

public sealed class EventWebhookRetentionTests : IAsyncLifetime
{
    private EventWebhookHarness h = default!;

    public async Task InitializeAsync() => h = await EventWebhookHarness.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Delivered_and_failed_deliveries_older_than_the_retention_go_with_their_attempts_and_the_rest_stay()
    {
        await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(200, "{}"), new FakeResponse(400, "no"), new FakeResponse(200, "{}"), new FakeResponse(503, "later"));
        for (var i = 0; i < 4; i++)
        {
            var message = DataBuilder.Inbound(h.Fixture.AnaSales, $"Text {i}", EventWebhookHarness.Start.UtcDateTime);
            await h.Outbox.RecordAsync(Portal.Core.Realtime.ConversationEvents.MessageAdded(message, h.Fixture.AnaSales, h.Fixture.Ana));
            await h.RunJobsAsync();
        }

        var all = await h.DeliveriesAsync();
        var ids = Enumerable.Range(0, 4).Select(i => all.Single(d => d.Payload.Contains($"Text {i}")).Id).ToList();
        var now = EventWebhookHarness.Start.UtcDateTime;
        await AgeAsync(ids[0], now.AddDays(-31)); // delivered, expired
        await AgeAsync(ids[1], now.AddDays(-31)); // failed, expired
        await AgeAsync(ids[2], now.AddDays(-29)); // delivered, kept
        await AgeAsync(ids[3], now.AddDays(-40)); // pending, kept
        var retention = new EventWebhookRetention(h.Database, Options.Create(new EventWebhookOptions()), h.Clock, NullLogger<EventWebhookRetention>.Instance);

        await retention.RunOnceAsync(CancellationToken.None);

        var left = await h.DeliveriesAsync();
        Assert.Equal(2, left.Count);
        Assert.Equal(WebhookDeliveryStatus.Delivered, left.Single(d => d.Id == ids[2]).Status);
        Assert.Equal(WebhookDeliveryStatus.Pending, left.Single(d => d.Id == ids[3]).Status);
        await using var db = await h.Database.CreateDbContextAsync();
        Assert.Equal(0, await db.WebhookDeliveryAttempts.CountAsync(a => a.DeliveryId == ids[0] || a.DeliveryId == ids[1]));
        Assert.Equal(2, await db.WebhookDeliveryAttempts.CountAsync());

        h.Clock.Advance(TimeSpan.FromDays(2));
        await retention.RunOnceAsync(CancellationToken.None);
        Assert.Equal([ids[3]], (await h.DeliveriesAsync()).Select(d => d.Id));
    }

    [Fact]
    public async Task The_retention_runs_as_recurring_work_and_reads_its_setting()
    {
        await using var custom = await EventWebhookHarness.CreateAsync(new Dictionary<string, string?> { ["Portal:EventWebhooks:Retention"] = "7.00:00:00" });
        await custom.SubscribeAsync(custom.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        var message = DataBuilder.Inbound(custom.Fixture.AnaSales, "Hi", EventWebhookHarness.Start.UtcDateTime);
        await custom.Outbox.RecordAsync(Portal.Core.Realtime.ConversationEvents.MessageAdded(message, custom.Fixture.AnaSales, custom.Fixture.Ana));
        await custom.RunJobsAsync();
        await using (var db = await custom.Database.CreateDbContextAsync())
        {
            await db.WebhookDeliveries.ExecuteUpdateAsync(u => u.SetProperty(d => d.UpdatedAt, EventWebhookHarness.Start.UtcDateTime.AddDays(-8)));
        }

        await custom.RecurringAsync("event-webhooks-retention");

        Assert.Empty(await custom.DeliveriesAsync());
    }

    private async Task AgeAsync(Guid id, DateTime updatedAt)
    {
        await using var db = await h.Database.CreateDbContextAsync();
        await db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.UpdatedAt, updatedAt));
    }
}
