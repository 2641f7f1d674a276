using System.Net;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Realtime;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Two portal instances over one database and a real redis-server on loopback.</summary>
[Trait(TestCost.Trait, TestCost.Redis)]
public sealed class ScaleOutTests : IAsyncLifetime
{
    private static readonly Guid SignalWireId = Guid.Parse("3d2c1b0a-9f8e-4d7c-a6b5-c4d3e2f1a0b9");
    private const string SigningKey = "scale-out-key";

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

    private PortalFactory Instance()
    {
        var settings = ConfiguredAccounts.SignalWire(SignalWireId, SigningKey);
        settings["Portal:Redis"] = redis.ConnectionString;
        return new PortalFactory(databasePath, settings);
    }

    [Fact]
    public async Task A_webhook_to_instance_A_reaches_hub_clients_and_pages_on_instance_B()
    {
        await using var onB = await HubWatcher.ConnectAsync(instanceB, "staff.service@demo.portal", PortalFactory.DemoPassword);
        await using var otherDepartmentOnB = await HubWatcher.ConnectAsync(instanceB, "staff.parts@demo.portal", PortalFactory.DemoPassword);
        var pageEvents = Channel.CreateUnbounded<ConversationEvent>();
        using var pageSubscription = instanceB.Services.GetRequiredService<IConversationEventSource>()
            .Subscribe(e => pageEvents.Writer.WriteAsync(e).AsTask());

        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var request = ConfiguredAccounts.SignedInbound(path, path, SigningKey, "SM-scale-1", "+13125550150", "Anyone there?");
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
        await otherDepartmentOnB.AssertNothingBeforeAsync(marker => HubWatcher.NoteAsync(instanceA, "Parts", marker));
    }

    [Fact]
    public async Task A_user_whose_page_is_on_instance_B_is_present_for_instance_A_and_gets_the_conversation_it_receives()
    {
        var advisor = await instanceA.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "staff.service@demo.portal"));
        await instanceA.QueryAsync(db => db.Departments.Where(d => d.Name == "Service")
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.AssignmentMode, Portal.Core.Assignment.AssignmentMode.RoundRobin)));
        var presenceOnA = instanceA.Services.GetRequiredService<Portal.Core.Assignment.IUserPresence>();
        Assert.Empty(await presenceOnA.OnlineAmongAsync([advisor.Id]));

        // A page opens on B.
        instanceB.Services.GetRequiredService<Portal.Infrastructure.Assignment.LocalUserPresence>().Connect(advisor.Id);
        var seen = await Eventually.ValueAsync(() => presenceOnA.OnlineAmongAsync([advisor.Id]), s => s.Count == 1, TimeSpan.FromSeconds(10));
        Assert.Contains(advisor.Id, seen);

        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var request = ConfiguredAccounts.SignedInbound(path, path, SigningKey, "SM-scale-assign", "+13125550151", "Can I book a service?");
        Assert.Equal(HttpStatusCode.OK, (await instanceA.CreateClient().SendAsync(request)).StatusCode);
        var thread = await Eventually.ValueAsync(
            () => instanceA.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Customer!.Phone == "+13125550151")),
            t => t.AssigneeId is not null, TimeSpan.FromSeconds(15));
        Assert.Equal(advisor.Id, thread.AssigneeId);

        // The page closes: gone for A too.
        instanceB.Services.GetRequiredService<Portal.Infrastructure.Assignment.LocalUserPresence>().Disconnect(advisor.Id);
        Assert.Empty(await Eventually.ValueAsync(() => presenceOnA.OnlineAmongAsync([advisor.Id]), s => s.Count == 0, TimeSpan.FromSeconds(10)));
    }
}
