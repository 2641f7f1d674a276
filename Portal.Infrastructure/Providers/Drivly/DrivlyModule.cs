using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Providers;
using Portal.Core.Sending;

namespace Portal.Infrastructure.Providers.Drivly;

/// <summary>Drivly Commerce's CRM messages collection: texts linked to a lead.</summary>
public static class DrivlyModule
{
    public const string DefaultBaseUrl = "https://beta.commerce.driv.ly/api";

    public static readonly ProviderKind Kind = new("Drivly");

    public static readonly ProviderDescriptor Descriptor = new(
        Kind,
        "Drivly Commerce",
        ProviderCapabilities.SendsTexts,
        [
            ProviderSetting.BaseUrl(DefaultBaseUrl),
            new(ProviderSettingKey.FromNumber, "Sending number (E.164)"),
            new(ProviderSettingKey.ApiToken, "API key"),
        ],
        [])
    {
        CustomerId = new(Kind.Name, "Drivly lead id", ["drivlyleadid", "drivlylead", "leadid"]),
    };

    public static IServiceCollection AddDrivly(this IServiceCollection services, SendingOptions sending)
    {
        services.AddSingleton(Descriptor);
        services.AddHttpClient<DrivlyProvider>(c => c.Timeout = sending.ProviderTimeout);
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<DrivlyProvider>());
        return services;
    }
}
