using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Integration;

namespace Portal.Infrastructure.Integration;

internal static class IntegrationRegistration
{
    /// <summary>What the integration API stands on: keys (stored and declared in configuration), queries and history import.</summary>
    public static IServiceCollection AddIntegration(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyOptions>(o => o.Keys = configuration.GetSection(ApiKeyOptions.Section).Get<List<ConfiguredApiKey>>() ?? []);
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<IIntegrationQueries, IntegrationQueries>();
        services.AddSingleton<IHistoryImport, HistoryImport>();
        services.AddSingleton<IApiKeyAdministration>(sp => sp.GetRequiredService<ApiKeyService>());
        services.AddSingleton<IApiKeyAuthenticator>(sp => sp.GetRequiredService<ApiKeyService>());
        return services;
    }
}
