using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Providers;
using Portal.Core.Sending;
using Portal.Core.ProviderWebhooks;

namespace Portal.Infrastructure.Providers.SignalWire;

/// <summary>SignalWire's Twilio-compatible messaging: sending, signed webhooks, status callbacks and the send look-up.</summary>
public static class SignalWireModule
{
    public static readonly ProviderKind Kind = new("SignalWire");

    public static readonly ProviderDescriptor Descriptor = new(
        Kind,
        "SignalWire",
        ProviderCapabilities.SendsTexts | ProviderCapabilities.LooksUpSends,
        [
            new(ProviderSettingKey.BaseUrl, "Space URL", Required: true, Placeholder: "https://<space>.signalwire.com"),
            new(ProviderSettingKey.AccountId, "Project id", Required: true),
            new(ProviderSettingKey.FromNumber, "Sending number (E.164)", Placeholder: "+13125550100"),
            new(ProviderSettingKey.ApiToken, "API token"),
            new(ProviderSettingKey.SigningKey, "Webhook signing key"),
            new(ProviderSettingKey.Extras, "Extra settings", Placeholder: "MessagingServiceSid=… to send through a messaging service"),
        ],
        [new("messages", "Inbound messages (Messaging webhook)"), new("status", "Status callback")],
        new WebhookAcknowledgement("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>", "text/xml"))
    {
        MessagesPerMinute = 240,
    };

    public static IServiceCollection AddSignalWire(this IServiceCollection services, SendingOptions sending)
    {
        services.AddSingleton(Descriptor);
        services.AddHttpClient<SignalWireProvider>(c => c.Timeout = sending.ProviderTimeout);
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<SignalWireProvider>());
        services.AddTransient<ISendLookup>(sp => sp.GetRequiredService<SignalWireProvider>());
        services.AddSingleton<IWebhookReader, SignalWireWebhookReader>();
        return services;
    }
}
