using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Abstractions;
using Portal.Core.EventWebhooks;
using Portal.Core.Realtime;
using Portal.Infrastructure.EventWebhooks;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.EventWebhooks;

/// <summary>
/// The event webhook services as the app registers them, over the inbox fixture's database, a fake clock, recorded jobs
/// and a real receiver on loopback. The test is the job server: <see cref="RunJobsAsync"/> runs what was enqueued.
/// </summary>
public sealed class EventWebhookHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider services;

    private EventWebhookHarness(InboxFixture fixture, FakeProviderServer receiver, ServiceProvider services)
    {
        Fixture = fixture;
        Receiver = receiver;
        this.services = services;
    }

    public InboxFixture Fixture { get; }
    public FakeProviderServer Receiver { get; }
    public FakeTimeProvider Clock { get; } = new(Start);
    public RecordingJobScheduler Jobs { get; } = new();

    public IEventWebhookAdministration Admin => services.GetRequiredService<IEventWebhookAdministration>();
    public IEventWebhookOutbox Outbox => services.GetRequiredService<IEventWebhookOutbox>();
    public IDbContextFactory<PortalDbContext> Database => Fixture.Database;

    /// <summary>A notifier that hands events to the outbox, as the web host's notifier does.</summary>
    public IConversationNotifier Notifier => new OutboxNotifier(Outbox);

    public string ReceiverUrl => Receiver.BaseUrl + "/hooks/portal";

    public static async Task<EventWebhookHarness> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var fixture = await InboxFixture.CreateAsync();
        var receiver = await FakeProviderServer.StartAsync((_, _) => [], _ => new FakeResponse(200, "{}"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:EventWebhooks:AllowPrivateAddresses"] = "true",
            ["Portal:EventWebhooks:Timeout"] = "00:00:00.500",
        }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)).Build();

        var harness = default(EventWebhookHarness);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IDbContextFactory<PortalDbContext>>(fixture.Database);
        collection.AddSingleton<ISecretProtector>(TestProviders.Protector);
        collection.AddSingleton<IJobScheduler>(_ => harness!.Jobs);
        collection.AddSingleton<TimeProvider>(_ => harness!.Clock);
        Portal.Infrastructure.EventWebhooks.EventWebhooksRegistration.AddEventWebhooks(collection, configuration);
        harness = new EventWebhookHarness(fixture, receiver, collection.BuildServiceProvider());
        return harness;
    }

    /// <summary>A subscription through the admin service, returning its id and secret.</summary>
    public Task<WebhookSecret> SubscribeAsync(Guid departmentId, EventWebhookTypes types, string? url = null) =>
        Admin.CreateAsync(new EventWebhookInput(departmentId, url ?? ReceiverUrl, types), "Ada Admin");

    /// <summary>Plays the job server: runs every job that is due by the fake clock, including ones they enqueue; later ones wait.</summary>
    public async Task<int> RunJobsAsync()
    {
        var ran = 0;
        while (true)
        {
            var waiting = new List<(string JobId, Guid DeliveryId, DateTime? At)>();
            var due = new List<Guid>();
            while (Jobs.EventWebhooks.TryDequeue(out var job))
            {
                if (job.At is { } at && at > Clock.GetUtcNow().UtcDateTime)
                {
                    waiting.Add(job);
                }
                else
                {
                    due.Add(job.DeliveryId);
                }
            }

            foreach (var job in waiting)
            {
                Jobs.EventWebhooks.Enqueue(job);
            }

            if (due.Count == 0)
            {
                return ran;
            }

            foreach (var deliveryId in due)
            {
                await DeliverAsync(deliveryId);
                ran++;
            }
        }
    }

    public async Task DeliverAsync(Guid deliveryId)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EventWebhookDeliverer>().DeliverAsync(deliveryId, CancellationToken.None);
    }

    public Task SweepAsync() => RecurringAsync("event-webhooks-sweep");

    public Task RecurringAsync(string name) => services.GetServices<Portal.Infrastructure.Jobs.IRecurringWork>().Single(w => w.Name == name).RunOnceAsync(CancellationToken.None);

    public async Task<List<WebhookDelivery>> DeliveriesAsync()
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.WebhookDeliveries.AsNoTracking().Include(d => d.Attempts).OrderBy(d => d.CreatedAt).ToListAsync();
    }

    public async Task<WebhookDelivery> SingleDeliveryAsync() => Assert.Single(await DeliveriesAsync());

    /// <summary>The reference Standard Webhooks check, written from the specification rather than taken from the portal.</summary>
    public static bool SignatureIsValid(string secret, ReceivedRequest request)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}");
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
        return request.Headers["webhook-signature"].Split(' ').Contains(expected);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Receiver.DisposeAsync();
        await Fixture.DisposeAsync();
    }

    private sealed class OutboxNotifier(IEventWebhookOutbox outbox) : IConversationNotifier
    {
        public Task PublishAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken = default) => outbox.RecordAsync(conversationEvent, cancellationToken);
    }
}
