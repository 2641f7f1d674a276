using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Infrastructure.EventWebhooks;
using Portal.Infrastructure.Telemetry;

namespace Portal.Web.Telemetry;

internal static class TelemetryRegistration
{
    public const string ScrapePath = "/metrics";

    /// <summary>
    /// Traces and metrics: the portal's own, ASP.NET Core's, outgoing HTTP (the providers; not event webhooks, whose
    /// receivers' URLs are not ours to export) and the runtime's. Always
    /// collected, so /metrics works; sent over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads
    /// that and the other OTEL_* variables itself).
    /// </summary>
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddSingleton<CircuitCounter>();
        services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<CircuitCounter>());
        services.AddSingleton<RealtimeGauges>();

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "dealership-portal"))
            .WithTracing(tracing =>
            {
                // Blazor's own spans (an event handler, a route change) are short roots linked to the circuit; without
                // them everything done in a page would hang under its connection's hours-long request.
                tracing.AddSource(PortalTelemetry.Name, "Microsoft.AspNetCore.Components")
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsPlumbing(context.Request.Path))
                    .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = EventWebhookDeliverer.IsTraced);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PortalTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    // The gauges exist once something holds them: the meter provider does, for as long as it lives.
                    .AddInstrumentation(sp => sp.GetRequiredService<ScheduledQueueGauge>())
                    .AddInstrumentation(sp => sp.GetRequiredService<RealtimeGauges>())
                    .AddInstrumentation(sp => sp.GetRequiredService<Portal.Infrastructure.Reports.WaitingGauge>())
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }

    /// <summary>Scrapes, health probes, static files and circuit connections (one request as long as a page is open).</summary>
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments(ScrapePath) || path.StartsWithSegments("/health") || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_content")
        || path.StartsWithSegments("/_framework") || Path.HasExtension(path.Value);
}
