using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Telemetry;

internal static class TelemetryRegistration
{
    public static IServiceCollection AddPortalInstruments(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PortalTelemetry>();
        services.AddSingleton<ScheduledQueueGauge>();
        return services;
    }
}
