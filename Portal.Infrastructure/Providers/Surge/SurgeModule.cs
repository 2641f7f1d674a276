using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Providers;
using Portal.Core.Sending;
using Portal.Core.ProviderWebhooks;

namespace Portal.Infrastructure.Providers.Surge;

/// <summary>Surge: JSON sending with a bearer token, and one Standard Webhooks endpoint for every event type.</summary>
public static class SurgeModule
{
    public const string DefaultBaseUrl = "https://api.surge.app";

    public static readonly ProviderKind Kind = new("Surge");

    public static readonly ProviderDescriptor Descriptor = new(
        Kind,
        "Surge",
        ProviderCapabilities.SendsTexts,
        [
            ProviderSetting.BaseUrl(DefaultBaseUrl),
            new(ProviderSettingKey.AccountId, "Surge account id", Required: true),
            new(ProviderSettingKey.FromNumber, "Sending number (E.164)", Placeholder: "+13125550100"),
            new(ProviderSettingKey.ApiToken, "API key"),
            new(ProviderSettingKey.SigningKey, "Webhook signing secret (whsec_…)"),
        ],
        [new("", "Webhook endpoint (all events)")])
    {
        MessagesPerMinute = 240,
    };

    public static IServiceCollection AddSurge(this IServiceCollection services, SendingOptions sending)
    {
        services.AddSingleton(Descriptor);
        services.AddHttpClient<SurgeProvider>(c => c.Timeout = sending.ProviderTimeout);
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<SurgeProvider>());
        services.AddSingleton<IWebhookReader, SurgeWebhookReader>();
        return services;
    }
}
