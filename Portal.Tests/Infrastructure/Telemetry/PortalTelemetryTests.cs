using Portal.Core.Providers;
using Portal.Infrastructure.Telemetry;
using Portal.Infrastructure.ProviderWebhooks;

namespace Portal.Tests.Infrastructure.Telemetry;

public sealed class PortalTelemetryTests
{
    [Fact]
    public void Tag_values_of_enum_members_are_snake_case_and_worked_out_once()
    {
        Assert.Equal("accepted", PortalTelemetry.Snake(SendOutcome.Accepted));
        Assert.Equal("not_found", PortalTelemetry.Snake(WebhookAnswerKind.NotFound));
        Assert.Equal("bad_request", PortalTelemetry.Snake(WebhookAnswerKind.BadRequest));
        Assert.Same(PortalTelemetry.Snake(SendOutcome.Transient), PortalTelemetry.Snake(SendOutcome.Transient));
        Assert.Equal("42", PortalTelemetry.Snake((SendOutcome)42));
    }
}
