using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.Simulator;

/// <summary>The built-in provider of the embedded default and demos; labelled as a simulator wherever it appears.</summary>
public static class SimulatorModule
{
    public static readonly ProviderKind Kind = new("Simulator");

    public static readonly ProviderDescriptor Descriptor = new(
        Kind,
        "Simulator",
        ProviderCapabilities.SendsTexts | ProviderCapabilities.Simulated,
        [
            new(ProviderSettingKey.FromNumber, "Simulated sending number (E.164)", Placeholder: "+13125550100"),
            new(ProviderSettingKey.Extras, "Extra settings", Placeholder: "FailNumbers=+1…, UndeliverableNumbers=+1…, DeliveryDelayMs=1500"),
        ],
        [])
    {
        MessagesPerMinute = 6000,
    };

    public static IServiceCollection AddSimulator(this IServiceCollection services)
    {
        services.AddSingleton(Descriptor);
        services.AddTransient<SimulatorProvider>();
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<SimulatorProvider>());
        services.AddTransient<SimulatorStatusJob>();
        return services;
    }
}
