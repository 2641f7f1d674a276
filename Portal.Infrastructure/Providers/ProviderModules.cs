using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Providers;
using Portal.Core.Sending;
using Portal.Infrastructure.Providers.Dms;
using Portal.Infrastructure.Providers.Drivly;
using Portal.Infrastructure.Providers.SignalWire;
using Portal.Infrastructure.Providers.Simulator;
using Portal.Infrastructure.Providers.Surge;

namespace Portal.Infrastructure.Providers;

/// <summary>The one list of provider modules: adding a provider is a folder under Providers/ and a line here.</summary>
internal static class ProviderModules
{
    public static IServiceCollection AddProviderModules(this IServiceCollection services, SendingOptions sending)
    {
        services.AddSurge(sending);
        services.AddSignalWire(sending);
        services.AddDrivly(sending);
        services.AddDms(sending);
        services.AddSimulator();

        services.AddSingleton<ProviderCatalog>();
        services.AddSingleton<IProviderCatalog>(sp => sp.GetRequiredService<ProviderCatalog>());
        return services;
    }
}
