using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.EventWebhooks;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.EventWebhooks;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.ProviderWebhooks;
using Portal.Tests.Infrastructure.EventWebhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The app with loopback endpoints allowed, so a fake receiver on 127.0.0.1 can subscribe.</summary>
public sealed class EventWebhookFactory() : PortalFactory(Path.Combine(Path.GetTempPath(), $"portal-hooks-{Guid.NewGuid():N}.db"), new Dictionary<string, string?>
{
    ["Portal:EventWebhooks:AllowPrivateAddresses"] = "true",
})
{
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDatabase(DatabasePath);
    }
}

public sealed class EventWebhookTests(EventWebhookFactory factory) : IClassFixture<EventWebhookFactory>, IAsyncLifetime
{
    private FakeProviderServer receiver = default!;

    public async Task InitializeAsync() => receiver = await FakeProviderServer.StartAsync((_, _) => [], _ => new FakeResponse(204, ""));

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task A_text_received_through_the_inbound_path_is_posted_once_signed_to_the_subscribed_endpoint()
    {
        var (sales, account) = await factory.QueryAsync(async db =>
        {
            var department = await db.Departments.SingleAsync(d => d.Name == "Sales");
            return (department.Id, await db.ProviderAccounts.Where(a => a.DepartmentId == department.Id).Select(a => a.Id).FirstAsync());
        });
        var admin = factory.Services.GetRequiredService<IEventWebhookAdministration>();
        var secret = await admin.CreateAsync(new EventWebhookInput(sales, receiver.BaseUrl + "/in", EventWebhookTypes.MessageReceived), "Ada Admin");
        var phone = "+1312555" + Random.Shared.Next(1000, 9999);

        var received = await factory.Services.GetRequiredService<IInboundMessageService>()
            .ReceiveAsync(new InboundText(account, $"SIM{Guid.NewGuid():N}", phone, "+13125550100", "Can I test drive the Tacoma?", [], factory.Clock.UtcNow));
        var delivery = await EventuallyAsync(() => factory.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.SubscriptionId == secret.SubscriptionId)));
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<EventWebhookDeliverer>().DeliverAsync(delivery.Id, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<EventWebhookDeliverer>().DeliverAsync(delivery.Id, CancellationToken.None);
        }

        var request = Assert.Single(receiver.Sends());
        Assert.True(EventWebhookHarness.SignatureIsValid(secret.Secret, request));
        Assert.Equal(SignatureVerdict.Valid, StandardWebhookSignature.Verify(secret.Secret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"],
            request.Headers["webhook-signature"], Encoding.UTF8.GetBytes(request.Body), factory.Clock.GetUtcNow()));
        var json = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("message.received", json.GetProperty("type").GetString());
        Assert.Equal(received.MessageId, json.GetProperty("data").GetProperty("message").GetProperty("id").GetGuid());
        Assert.Equal(phone, json.GetProperty("data").GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal(1, await factory.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == secret.SubscriptionId)));
        Assert.Equal(WebhookDeliveryStatus.Delivered, await factory.QueryAsync(db => db.WebhookDeliveries.Where(d => d.Id == delivery.Id).Select(d => d.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_event_relayed_from_another_instance_is_not_delivered_again_here()
    {
        var thread = await factory.QueryAsync(db => db.Threads.Include(t => t.Customer).FirstAsync(t => t.Department!.Name == "Service"));
        var admin = factory.Services.GetRequiredService<IEventWebhookAdministration>();
        var subscription = await admin.CreateAsync(new EventWebhookInput(thread.DepartmentId, receiver.BaseUrl + "/relay", EventWebhookTypes.All), "Ada Admin");
        var text = Message.Create(thread.Id, MessageDirection.Inbound, MessageKind.Text, "Relayed", MessageStatus.Received, factory.Clock.UtcNow);

        // What RedisConversationRelay does with another instance's event: straight to this instance's pages.
        await factory.Services.GetRequiredService<InProcessConversationNotifier>().PublishAsync(ConversationEvents.MessageAdded(text, thread, thread.Customer!));
        // What this instance does with its own.
        await factory.Services.GetRequiredService<IConversationNotifier>().PublishAsync(ConversationEvents.MessageAdded(text, thread, thread.Customer!));

        Assert.Equal(1, await factory.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscription.SubscriptionId)));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe) where T : class
    {
        // The inbound path publishes after its commit, off the caller's path; wait for that, not for a fixed time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
