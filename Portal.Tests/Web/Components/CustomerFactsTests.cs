using Bunit;
using Portal.Core.Customers;
using Portal.Web.Components.Pages.Customers;

namespace Portal.Tests.Web.Components;

/// <summary>The customer page says what time it is for the customer, and where that zone comes from.</summary>
public class CustomerFactsTests : PortalComponentTest
{
    public CustomerFactsTests() => RenderProviders();

    private string TheirTime(Customer customer) =>
        Render<CustomerFacts>(p => p.Add(c => c.Customer, customer).Add(c => c.TimeZoneId, "America/Chicago"))
            .Find("[data-testid=customer-local-time]").TextContent;

    [Fact]
    public void Their_time_is_their_recorded_zone_else_their_numbers_else_the_departments_said_so()
    {
        // The host clock: Wednesday 25 November 2026, 16:00 UTC (10:00 AM in Chicago, 6:00 AM in Honolulu, 8:00 AM in Los Angeles).
        Assert.Equal("6:00 AM in Honolulu (set on their record)", TheirTime(new Customer { FirstName = "Nina", Phone = "+13125550170", TimeZoneId = "Pacific/Honolulu" }));
        Assert.Equal("8:00 AM in Los Angeles (from their number)", TheirTime(new Customer { FirstName = "Lee", Phone = "+12135550101" }));
        Assert.Equal("10:00 AM here (not known: the department's time is used)", TheirTime(new Customer { FirstName = "Sam" }));
    }
    [Fact]
    public void Where_they_live_is_their_recorded_place_else_their_numbers_area()
    {
        string LivesIn(Customer customer) => Render<CustomerFacts>(p => p.Add(c => c.Customer, customer).Add(c => c.TimeZoneId, "America/Chicago"))
            .Find("[data-testid=customer-region]").TextContent;

        Assert.Equal("Florida (set on their record)", LivesIn(new Customer { FirstName = "Nina", Phone = "+12125550170", Region = "US-FL" }));
        Assert.Equal("New York (from their number)", LivesIn(new Customer { FirstName = "Lee", Phone = "+12125550101" }));
        Assert.Equal("—", LivesIn(new Customer { FirstName = "Sam" }));
    }
}
