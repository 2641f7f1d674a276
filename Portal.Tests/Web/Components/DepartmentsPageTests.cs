using MudBlazor.Extensions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Departments;
using Portal.Infrastructure.Departments;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Web.Components;

public sealed class DepartmentsPageTests : PortalComponentTest
{
    private readonly TestDatabase database = new();

    public override async Task InitializeAsync()
    {
        var sales = DataBuilder.Department("Sales");
        var service = DataBuilder.Department("Service");
        var parts = DataBuilder.Department("Parts");
        parts.TimeZoneId = "America/Denver";
        await database.SeedAsync(sales, service, parts);
        Services.AddSingleton<IDepartmentAdministration>(new DepartmentAdministration(database));
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public void A_new_department_starts_in_the_zone_most_of_the_dealerships_departments_are_in()
    {
        var cut = Render<DepartmentsPage>();
        cut.WaitForAssertion(() => Assert.Contains("Parts", cut.Markup));

        cut.FindAll("button").First(b => b.TextContent.Contains("New department")).Click();

        var zone = cut.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Label == "Time zone");
        Assert.Equal("America/Chicago", zone.Instance.GetState(x => x.Value));
    }

    [Fact]
    public void A_refusal_from_the_service_shows_on_its_field_and_clears_once_the_field_is_edited()
    {
        var cut = Render<DepartmentsPage>();
        cut.WaitForAssertion(() => Assert.Contains("Parts", cut.Markup));
        cut.FindAll("button").First(b => b.TextContent.Contains("New department")).Click();

        InputLabelled(cut, "Name").Change("Sales");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("A department named 'Sales' already exists.", cut.Markup));
        InputLabelled(cut, "Name").Change("Body shop");
        cut.WaitForAssertion(() => Assert.DoesNotContain("already exists", cut.Markup));
    }
}
