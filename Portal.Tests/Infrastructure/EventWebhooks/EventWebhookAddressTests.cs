using Portal.Core.Common;
using Portal.Core.EventWebhooks;
using Portal.Core.Realtime;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.EventWebhooks;

public sealed class EventWebhookAddressTests : IAsyncLifetime
{
    private EventWebhookHarness h = default!;

    public async Task InitializeAsync() => h = await EventWebhookHarness.CreateAsync(new Dictionary<string, string?>
    {
        ["Portal:EventWebhooks:AllowPrivateAddresses"] = "false",
    });

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task A_loopback_url_is_refused_when_registered()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.All));

        Assert.Contains("Url", refused.Errors.Keys);
        Assert.Empty(await h.Admin.ListAsync());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task An_endpoint_whose_name_resolves_to_a_refused_address_at_delivery_time_gets_no_request(string host)
    {
        // Registered while its name pointed elsewhere; it now resolves to loopback, where a live server listens.
        var url = new UriBuilder(h.ReceiverUrl) { Host = host }.Uri.ToString();
        await using (var db = await h.Database.CreateDbContextAsync())
        {
            db.WebhookSubscriptions.Add(new WebhookSubscription
            {
                DepartmentId = h.Fixture.Sales.Id, Url = url, EventTypes = EventWebhookTypes.All, ProtectedSecret = TestProviders.Protector.Protect("whsec_" + Convert.ToBase64String(new byte[32])),
            });
            await db.SaveChangesAsync();
        }

        var message = DataBuilder.Inbound(h.Fixture.AnaSales, "Hi", EventWebhookHarness.Start.UtcDateTime);
        await h.Outbox.RecordAsync(ConversationEvents.MessageAdded(message, h.Fixture.AnaSales, h.Fixture.Ana));
        await h.RunJobsAsync();

        Assert.Empty(h.Receiver.Requests);
        var delivery = await h.SingleDeliveryAsync();
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Contains("not a public address", delivery.LastError);
        Assert.Null(Assert.Single(delivery.Attempts).StatusCode);
        Assert.Empty(h.Jobs.EventWebhooks);
    }
}
