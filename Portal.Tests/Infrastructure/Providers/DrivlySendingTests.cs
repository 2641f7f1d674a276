using System.Text.Json;
using Portal.Core.Messages;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Providers;

public sealed class DrivlySendingTests : IAsyncLifetime
{
    private FakeProviderServer drivly = default!;
    private SendingHarness h = default!;

    public async Task InitializeAsync()
    {
        drivly = await FakeProviderServer.StartAsync(SeedConformance.Drivly,
            _ => new FakeResponse(200, """{"doc":{"id":98765,"status":"Queued","updatedAt":"2026-11-23T21:00:00Z","createdAt":"2026-11-23T21:00:00Z"},"message":"Message successfully created."}"""));
        h = await SendingHarness.CreateAsync(DrivlyModule.Kind, drivly.BaseUrl + "/api");
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await drivly.DisposeAsync();
    }

    [Fact]
    public async Task A_send_creates_a_message_with_status_Send_linked_to_the_lead()
    {
        var message = await h.QueueAsync("Hi Ana, the RAV4 is in");

        await h.Dispatcher.DispatchAsync(message.Id);

        var request = Assert.Single(drivly.Sends());
        Assert.Empty(request.ConformanceErrors);
        Assert.Equal("/api/messages", request.Path);
        Assert.Equal("users API-Key secret-token-123", request.Headers["Authorization"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("Send", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Hi Ana, the RAV4 is in", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("+13125550101", json.RootElement.GetProperty("phone").GetString());
        Assert.Equal(4711, json.RootElement.GetProperty("lead").GetInt64());

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Sent, stored.Status);
        Assert.Equal("98765", stored.ProviderMessageId);
    }

    [Fact]
    public async Task A_lead_id_that_is_not_a_drivly_id_is_left_out()
    {
        await using (var db = h.Database.CreateDbContext())
        {
            (await db.Customers.FindAsync(h.Customer.Id))!.SetExternalId(DrivlyModule.Kind.Name, "crm-abc");
            await db.SaveChangesAsync();
        }

        var message = await h.QueueAsync();
        await h.Dispatcher.DispatchAsync(message.Id);

        var request = Assert.Single(drivly.Sends());
        Assert.Empty(request.ConformanceErrors);
        Assert.False(JsonDocument.Parse(request.Body).RootElement.TryGetProperty("lead", out _));
    }

    [Theory]
    [InlineData(401, FailureReason.ProviderRejected, MessageStatus.Failed)]
    [InlineData(400, FailureReason.ProviderRejected, MessageStatus.Failed)]
    [InlineData(500, FailureReason.OutcomeUnknown, MessageStatus.Failed)]
    [InlineData(429, FailureReason.RateLimited, MessageStatus.Retrying)]
    public async Task Errors_map_onto_the_status_machine(int status, FailureReason reason, MessageStatus expected)
    {
        drivly.Then(new FakeResponse(status, """{"errors":[{"message":"nope"}]}"""));
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(expected, stored.Status);
        Assert.Equal(reason, stored.FailureReason);
        Assert.Equal(1, stored.Attempts);
    }
}
