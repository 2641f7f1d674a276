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
    private static readonly Guid Admin = Guid.NewGuid();
    private readonly TestDatabase database = new();

    public override async Task InitializeAsync()
    {
        var sales = DataBuilder.Department("Sales");
        var service = DataBuilder.Department("Service");
        var parts = DataBuilder.Department("Parts");
        parts.TimeZoneId = "America/Denver";
        await database.SeedAsync(sales, service, parts);
        Services.AddSingleton<IDepartmentAdministration>(new DepartmentAdministration(database));
        Services.AddSingleton<Portal.Core.Abstractions.IDepartmentScopeProvider>(new FixedScopeProvider(Portal.Core.Security.DepartmentScope.For(Admin, [Portal.Core.Security.Roles.Admin], [])));
        Services.AddScoped<Portal.Web.Security.UserContext>();
        Context.AddAuthorization().SetAuthorized("Ada Admin").SetRoles(Portal.Core.Security.Roles.Admin)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, Admin.ToString()));
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

        var zone = cut.FindComponents<MudBlazor.MudAutocomplete<string>>().Single(s => s.Instance.Label == "Time zone");
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

    [Fact]
    public async Task Sending_hours_are_set_day_by_day_with_closed_days_and_shown_in_the_list()
    {
        var cut = Render<DepartmentsPage>();
        cut.WaitForAssertion(() => Assert.Contains("Parts", cut.Markup));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Edit Sales']").Click());

        cut.Find("[data-testid=hours-Sunday]").Change("Closed");
        cut.Find("[data-testid=hours-Saturday]").Change("Other");
        cut.WaitForAssertion(() => InputLabelled(cut, "Saturday from"));
        // Typed, not picked.
        await cut.InvokeAsync(() => InputLabelled(cut, "Saturday until").Change("04:30 PM"));
        await cut.InvokeAsync(() => cut.Find("form").Submit());

        cut.WaitForAssertion(() => Assert.Contains("Saturday 9:00 AM – 4:30 PM; Sunday closed", cut.Markup));
        await using var db = database.CreateDbContext();
        var hours = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Departments, d => d.Name == "Sales")).SendingHours;
        Assert.Null(hours.On(DayOfWeek.Sunday));
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(16, 30)), hours.On(DayOfWeek.Saturday));
        Assert.Equal((hours.Start, hours.End), hours.On(DayOfWeek.Monday));
    }

    [Fact]
    public async Task Every_time_zone_can_be_found_by_typing_part_of_its_name()
    {
        var cut = Render<DepartmentsPage>();
        cut.WaitForAssertion(() => Assert.Contains("Parts", cut.Markup));
        cut.FindAll("button").First(b => b.TextContent.Contains("New department")).Click();
        var zone = cut.FindComponents<MudBlazor.MudAutocomplete<string>>().Single(s => s.Instance.Label == "Time zone");

        var search = zone.Instance.SearchFunc ?? throw new InvalidOperationException("The zone field does not search.");
        async Task<List<string>> Find(string text) => (await search(text, CancellationToken.None)!)?.ToList() ?? [];
        var found = await Find("london");

        Assert.Contains("Europe/London", found);
        Assert.Contains("Pacific/Honolulu", await Find("Honolulu"));
        Assert.True(DepartmentTimeZone.All.Count > 100);
    }

    [Fact]
    public void A_week_with_every_day_closed_is_refused()
    {
        var input = new DepartmentInput { Name = "Body shop", TimeZoneId = "America/Chicago" };
        input.Days.ForEach(d => d.Hours = DayHoursKind.Closed);

        var errors = input.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(input)).ToList();

        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DepartmentInput.Days)) && e.ErrorMessage!.Contains("at least one day"));
    }

    [Fact]
    public async Task The_dealership_zone_is_the_configured_one_or_else_the_departments_most_common_and_the_page_says_which()
    {
        var cut = Render<DepartmentsPage>();

        cut.WaitForAssertion(() => Assert.Contains("America/Chicago", cut.Find("[data-testid=dealership-zone]").TextContent));
        Assert.Contains("most common", cut.Find("[data-testid=dealership-zone]").TextContent);
        var configured = new DepartmentAdministration(database, Microsoft.Extensions.Options.Options.Create(new Portal.Infrastructure.PortalOptions { DealershipTimeZone = "America/Denver" }));
        Assert.Equal(new DealershipTimeZone("America/Denver", true), await configured.GetDealershipTimeZoneAsync());
        var invalid = new DepartmentAdministration(database, Microsoft.Extensions.Options.Options.Create(new Portal.Infrastructure.PortalOptions { DealershipTimeZone = "Mars/Base" }));
        Assert.Equal(new DealershipTimeZone("America/Chicago", false), await invalid.GetDealershipTimeZoneAsync());
    }

    [Fact]
    public void The_consent_history_export_reads_in_the_dealership_zone_and_says_so()
    {
        var stop = Support.DataBuilder.Stop("+13125550101", new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc));
        var detail = new Portal.Core.Customers.CustomerDetail(new Portal.Core.Customers.Customer { FirstName = "Ana", Phone = "+13125550101" }, [], [stop]);

        var lines = Portal.Web.Endpoints.CustomerEndpoints.ToCsv(detail, "America/Chicago").TrimEnd().Split(Environment.NewLine);

        Assert.StartsWith("Number,Consent,Customer acted at (America/Chicago),Recorded at (America/Chicago)", lines[0]);
        Assert.StartsWith("+13125550101,opted out,2026-11-24 09:00:00,", lines[1]);
    }
}
