using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Realtime;
using Portal.Infrastructure.Inbound;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;

namespace Portal.Tests.Support;

/// <summary>The app's provider modules and inbound writer, built by hand for tests that do not start a host.</summary>
internal static class TestProviders
{
    public static ProviderCatalog Catalog { get; } = new([SurgeModule.Descriptor, SignalWireModule.Descriptor, DrivlyModule.Descriptor, DmsModule.Descriptor, SimulatorModule.Descriptor]);

    /// <summary>Instruments on a meter factory of their own, for pipeline pieces built without the app's container.</summary>
    public static Portal.Infrastructure.Telemetry.PortalTelemetry Telemetry { get; } = new(new ServiceCollection()
        .AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    public static Portal.Core.Abstractions.ISecretProtector Protector { get; } = new Portal.Infrastructure.Security.DataProtectionSecretProtector(DataProtectionProvider.Create("portal-tests"));

    public static ProviderAccountStore Store(IDbContextFactory<PortalDbContext> database) =>
        new(database, Protector, Catalog, Microsoft.Extensions.Options.Options.Create(new PublicUrlOptions { PublicBaseUrl = "https://portal.example.com" }));

    public static IngestWriter Writer(IDbContextFactory<PortalDbContext> database, IJobScheduler jobs, IConversationNotifier notifier, Portal.Core.Assignment.IConversationAssigner? assigner = null) =>
        new(database, new InboundEventApplier(new PhoneNumberNormalizer("US"), new AfterHoursResponder(new Portal.Infrastructure.Templates.TemplateService(database)), NullLogger<InboundEventApplier>.Instance),
            new AfterCommitPublisher(database, jobs, notifier, assigner ?? Assigner(database, notifier, new Portal.Infrastructure.Assignment.LocalUserPresence()), NullLogger<AfterCommitPublisher>.Instance),
            NullLogger<IngestWriter>.Instance);

    /// <summary>The app's automatic assignment over <paramref name="presence"/>, for tests that build the pipeline by hand.</summary>
    public static Portal.Core.Assignment.IConversationAssigner Assigner(
        IDbContextFactory<PortalDbContext> database, IConversationNotifier notifier, Portal.Core.Assignment.IUserPresence presence, TimeProvider? clock = null) =>
        new Portal.Infrastructure.Assignment.ConversationAssigner(database, new Portal.Infrastructure.Assignment.AssignmentCandidates(presence, clock ?? TimeProvider.System),
            notifier, clock ?? TimeProvider.System, NullLogger<Portal.Infrastructure.Assignment.ConversationAssigner>.Instance);

    /// <summary>A Hangfire client over its own in-memory storage, so a test can read what was scheduled.</summary>
    public static (IBackgroundJobClient Client, JobStorage Storage) Jobs()
    {
        var storage = new InMemoryStorage();
        return (new BackgroundJobClient(storage), storage);
    }

    /// <summary>The Simulator's delivery reports waiting in <paramref name="storage"/>.</summary>
    public static IReadOnlyList<(Guid MessageId, string Status)> SimulatorReports(JobStorage storage) =>
        storage.GetMonitoringApi().ScheduledJobs(0, 100)
            .Where(j => j.Value.Job.Type == typeof(SimulatorStatusJob))
            .Select(j => ((Guid)j.Value.Job.Args[0], (string)j.Value.Job.Args[1]))
            .ToList();
}
