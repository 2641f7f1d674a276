using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// A host with three keys declared in configuration: one for Sales, one for every department, one for none. Its clock
/// starts inside Sales' sending hours, so an automated text is queued at once (<see cref="IntegrationApiNightTests"/>
/// shows it waiting at night).
/// </summary>
public sealed class ApiFactory() : PortalFactory(Path.Combine(Path.GetTempPath(), $"portal-api-{Guid.NewGuid():N}.db"), new Dictionary<string, string?>
{
    ["Portal:ApiKeys:0:Name"] = "Sales DMS",
    ["Portal:ApiKeys:0:Key"] = IntegrationApiTests.SalesKey,
    ["Portal:ApiKeys:0:Departments"] = "Sales",
    ["Portal:ApiKeys:1:Name"] = "Group CRM",
    ["Portal:ApiKeys:1:Key"] = IntegrationApiTests.AllKey,
    ["Portal:ApiKeys:1:Departments"] = "*",
    ["Portal:ApiKeys:2:Name"] = "Nothing yet",
    ["Portal:ApiKeys:2:Key"] = IntegrationApiTests.NoneKey,
    ["Portal:ApiKeys:2:Departments"] = "",
    ["Portal:Api:RequestsPerMinute"] = "1000",
}, clockStart: HostClock.BusinessHours)
{
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDatabase(DatabasePath);
    }
}
