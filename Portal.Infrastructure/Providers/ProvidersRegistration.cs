using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Providers;
using Portal.Core.Sending;

namespace Portal.Infrastructure.Providers;

internal static class ProvidersRegistration
{
    /// <summary>Provider accounts (stored, declared in configuration, administered) and every provider module.</summary>
    public static IServiceCollection AddProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PublicUrlOptions>(configuration.GetSection(PortalOptions.Section));
        services.AddSingleton<ProviderAccountStore>();
        services.AddSingleton<ConfiguredProviderAccountsSync>();
        services.AddSingleton<IProviderAccountAdministration, ProviderAccountAdministration>();
        // Each module registers its own typed client with a timeout and no retry handler: a send POST is never repeated by HTTP plumbing.
        var sending = configuration.GetSection(SendingOptions.Section).Get<SendingOptions>() ?? new SendingOptions();
        return services.AddProviderModules(sending);
    }
}
