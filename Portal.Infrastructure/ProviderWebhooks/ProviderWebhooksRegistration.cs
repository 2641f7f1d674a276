using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.ProviderWebhooks;

internal static class ProviderWebhooksRegistration
{
    /// <summary>Provider webhooks in: the pipeline that verifies, records and applies them, and the log admins replay from.</summary>
    public static IServiceCollection AddProviderWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<RejectedWebhookLog>();
        services.AddSingleton<WebhookPipeline>();
        services.AddSingleton<WebhookEventLog>();
        return services;
    }
}
