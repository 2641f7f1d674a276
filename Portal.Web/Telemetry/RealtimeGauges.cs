using System.Diagnostics.Metrics;
using Portal.Infrastructure.Telemetry;
using Portal.Web.Realtime;

namespace Portal.Web.Telemetry;

/// <summary><c>portal.circuits.open</c> and <c>portal.hub.connections</c>: this instance's live pages and hub clients.</summary>
public sealed class RealtimeGauges
{
    public RealtimeGauges(IMeterFactory meters, CircuitCounter circuits, HubConnectionRegistry hubConnections)
    {
        var meter = meters.Create(PortalTelemetry.Name);
        meter.CreateObservableGauge("portal.circuits.open", () => circuits.Open, "{circuit}", "Blazor circuits (open portal pages) on this instance.");
        meter.CreateObservableGauge("portal.hub.connections", () => hubConnections.Count, "{connection}", "Conversation hub connections on this instance.");
    }
}
