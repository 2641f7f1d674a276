using Microsoft.EntityFrameworkCore;

namespace Portal.Tests.Web.Integration;

public sealed class CustomerPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_customer_page_offers_to_text_them_from_the_users_department()
    {
        var client = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);
        var customerId = await factory.QueryAsync(db => db.Threads.Where(t => t.Department!.Name == "Sales" && t.Customer!.Phone != null).Select(t => t.CustomerId).FirstAsync());

        var page = await client.GetStringAsync($"/customers/{customerId}");

        Assert.Contains("data-testid=\"text-customer\"", page);
    }
}
