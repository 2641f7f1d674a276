using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Threads;

namespace Portal.Benchmarks;

/// <summary>The app's own query services, over the benchmark's database.</summary>
internal sealed record Services(InboxQueries Inbox, ThreadService Threads, CustomerService Customers)
{
    public static Services Create(IDbContextFactory<PortalDbContext> factory) => new(
        new InboxQueries(factory),
        new ThreadService(factory, new Infrastructure.Providers.ProviderAccountStore(factory,
            new Infrastructure.Security.DataProtectionSecretProtector(Microsoft.AspNetCore.DataProtection.DataProtectionProvider.Create("benchmarks")),
            Catalog,
            Microsoft.Extensions.Options.Options.Create(new Infrastructure.Providers.PublicUrlOptions())), Notifier, TimeProvider.System),
        new CustomerService(factory, new PhoneNumberNormalizer("US"), Catalog, Notifier, TimeProvider.System));

    private static readonly Infrastructure.Providers.ProviderCatalog Catalog = new([Infrastructure.Providers.Simulator.SimulatorModule.Descriptor]);

    private static readonly Infrastructure.Realtime.InProcessConversationNotifier Notifier = new(Microsoft.Extensions.Logging.Abstractions.NullLogger<Infrastructure.Realtime.InProcessConversationNotifier>.Instance);
}
