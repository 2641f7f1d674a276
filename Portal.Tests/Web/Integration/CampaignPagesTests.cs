using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Campaigns;
using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Tests.Web.Integration;

public class CampaignPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/campaigns", "Campaigns")]
    [InlineData("/campaigns/new", "New campaign")]
    [InlineData("/templates", "Templates")]
    [InlineData("/leads/import", "Import leads")]
    public async Task Managers_open_the_managers_pages_and_staff_are_turned_away(string path, string heading)
    {
        var manager = await factory.SignedInClientAsync("manager.sales@demo.portal", PortalFactory.DemoPassword);
        var staff = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        var allowed = await manager.GetAsync(path);
        var refused = await staff.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains(heading, await allowed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_results_export_is_for_managers_of_the_campaigns_department_only()
    {
        var (salesId, customers) = await factory.QueryAsync(async db =>
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var ids = await db.Threads.Where(t => t.DepartmentId == sales.Id && t.Customer!.Consent != Portal.Core.Customers.ConsentStatus.OptedOut)
                .Select(t => t.CustomerId).Distinct().Take(3).ToListAsync();
            return (sales.Id, ids);
        });
        var campaigns = factory.Services.GetRequiredService<ICampaignService>();
        var admin = DepartmentScope.For(Guid.NewGuid(), [Roles.Admin], []);
        var id = await campaigns.SaveDraftAsync(admin, null, new CampaignInput
        {
            Name = "Export check",
            DepartmentId = salesId,
            Variants = [new VariantInput { Body = "Hi {{ customer.first_name | default: \"there\" }}" }],
            Audience = new CampaignAudience { CustomerIds = customers, ExcludeContactedWithinDays = null, ExcludeActiveConversationWithinHours = null },
        }, new Actor(Guid.Empty, "Test"));

        var salesManager = await factory.SignedInClientAsync("manager.sales@demo.portal", PortalFactory.DemoPassword);
        var serviceManager = await factory.SignedInClientAsync("manager.service@demo.portal", PortalFactory.DemoPassword);
        var export = await salesManager.GetAsync($"/campaigns/{id}/results.csv");
        var foreign = await serviceManager.GetAsync($"/campaigns/{id}/results.csv");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Customer,Phone,Variant,Status", (await export.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.NotEqual(HttpStatusCode.OK, foreign.StatusCode);
    }
}
