using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.EventWebhooks;

internal static class EventWebhooksRegistration
{
    public static IServiceCollection AddEventWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventWebhookOptions>(configuration.GetSection(EventWebhookOptions.Section));
        services.AddSingleton<SubscriptionRoutes>();
        services.AddSingleton<EventWebhookOutbox>();
        services.AddSingleton<IEventWebhookOutbox>(sp => sp.GetRequiredService<EventWebhookOutbox>());
        services.AddSingleton<IEventWebhookAdministration, EventWebhookAdministration>();
        services.AddSingleton<PublicAddressGuard>();
        // No retry or resilience handler: the deliverer decides on retries, and a redirect is an answer, not a hop.
        services.AddHttpClient(EventWebhookDeliverer.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<EventWebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = sp.GetRequiredService<PublicAddressGuard>().ConnectAsync,
                // No traceparent or baggage to third parties: our trace ids are none of their business.
                ActivityHeadersPropagator = null,
            });
        services.AddTransient<EventWebhookDeliverer>();
        services.AddTransient<EventWebhookJob>();
        services.AddTransient<IRecurringWork, EventWebhookSweep>();
        services.AddTransient<IRecurringWork, EventWebhookRetention>();
        return services;
    }
}
