using System.Net;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Realtime;
using Portal.Core.Webhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Two portal instances over one database and a real redis-server on loopback.</summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private static readonly Guid SignalWireId = Guid.Parse("3d2c1b0a-9f8e-4d7c-a6b5-c4d3e2f1a0b9");
    private const string SigningKey = "scale-out-key";
    private const string PublicBase = "https://portal.example.com";

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-scale-{Guid.NewGuid():N}.db");
    private RedisServer redis = default!;
    private PortalFactory instanceA = default!;
    private PortalFactory instanceB = default!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        instanceA = Instance();
        _ = instanceA.Server;
        instanceB = Instance();
        _ = instanceB.Server;
    }

    public async Task DisposeAsync()
    {
        await instanceB.DisposeAsync();
        await instanceA.DisposeAsync();
        await redis.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    private PortalFactory Instance() => new(databasePath, new Dictionary<string, string?>
    {
        ["Portal:Redis"] = redis.ConnectionString,
        ["Portal:PublicBaseUrl"] = PublicBase,
        ["Portal:ProviderAccounts:0:Id"] = SignalWireId.ToString(),
        ["Portal:ProviderAccounts:0:Kind"] = "SignalWire",
        ["Portal:ProviderAccounts:0:Name"] = "Service line",
        ["Portal:ProviderAccounts:0:Department"] = "Service",
        ["Portal:ProviderAccounts:0:BaseUrl"] = "https://example.signalwire.com",
        ["Portal:ProviderAccounts:0:AccountId"] = "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        ["Portal:ProviderAccounts:0:FromNumber"] = "+13125550177",
        ["Portal:ProviderAccounts:0:SigningKey"] = SigningKey,
    });

    [Fact]
    public async Task A_webhook_to_instance_A_reaches_hub_clients_and_pages_on_instance_B()
    {
        await using var onB = await HubWatcher.ConnectAsync(instanceB, "staff.service@demo.portal", PortalFactory.DemoPassword);
        await using var otherDepartmentOnB = await HubWatcher.ConnectAsync(instanceB, "staff.parts@demo.portal", PortalFactory.DemoPassword);
        var pageEvents = Channel.CreateUnbounded<ConversationEvent>();
        using var pageSubscription = instanceB.Services.GetRequiredService<IConversationEventSource>()
            .Subscribe(e => pageEvents.Writer.WriteAsync(e).AsTask());

        KeyValuePair<string, string>[] form =
        [
            new("MessageSid", "SM-scale-1"), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"),
            new("From", "+13125550150"), new("To", "+13125550177"), new("Body", "Anyone there?"), new("NumMedia", "0"),
        ];
        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(SigningKey, PublicBase + path, form));
        var response = await instanceA.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await instanceA.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.ProviderMessageId == "SM-scale-1"));
        var pushed = await onB.NextAsync("MessageReceived");
        Assert.Equal(stored.Id, pushed.GetProperty("messageId").GetGuid());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        ConversationEvent pageEvent;
        do
        {
            pageEvent = await pageEvents.Reader.ReadAsync(timeout.Token);
        }
        while (pageEvent.MessageId != stored.Id);

        Assert.Equal(ConversationEventKind.MessageAdded, pageEvent.Kind);
        await otherDepartmentOnB.AssertNothingAsync();
    }
}
