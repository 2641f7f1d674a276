using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Webhooks;

internal static class WebhooksRegistration
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
