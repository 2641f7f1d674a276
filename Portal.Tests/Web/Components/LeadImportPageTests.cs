using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Customers.Import;
using Portal.Core.Security;
using Portal.Infrastructure.Customers.Import;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Manage;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class LeadImportPageTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        Services.AddSingleton<ILeadImportService>(new LeadImportService(f.Database, new PhoneNumberNormalizer("US"), TestProviders.Catalog, Clock, NullLogger<LeadImportService>.Instance));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [f.Sales.Id])));
        Services.AddSingleton<Portal.Core.Departments.IDepartmentAdministration>(new Portal.Infrastructure.Departments.DepartmentAdministration(f.Database));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Mia Manager").SetRoles(Roles.Manager);
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public void The_default_tag_is_dated_in_the_departments_zone_not_in_utc()
    {
        // 20:00 in Chicago on 25 November is already 26 November in UTC.
        Clock.Advance(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero) - Clock.GetUtcNow());

        var cut = Render<LeadImportPage>();
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText("Name,Phone\nDana Lee,3125550140\n", "leads.csv"));

        cut.WaitForAssertion(() => Assert.Equal("import-2026-11-25", InputLabelled(cut, "Tag every imported customer with").GetAttribute("value")));
    }

    [Fact]
    public async Task A_file_is_mapped_checked_in_a_dry_run_that_saves_nothing_and_then_imported()
    {
        var cut = Render<LeadImportPage>();
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "Customer,Cell,Notes\nDana Lee,(312) 555-0140,likes trucks\nNo Number,,\nBen Okafor,3125550102,\n", "leads.csv"));

        cut.WaitForAssertion(() => Assert.Contains("leads.csv", cut.Find("[data-testid=lead-file-name]").TextContent));
        // Guessed from the headers; "Notes" is left out.
        Assert.Equal("FullName", cut.Find("[data-testid=column-0]").GetAttribute("value"));
        Assert.Equal("Phone", cut.Find("[data-testid=column-1]").GetAttribute("value"));
        Assert.Equal("Ignore", cut.Find("[data-testid=column-2]").GetAttribute("value"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=dry-run]").Click());
        cut.WaitForAssertion(() => Assert.Contains("3 rows: 1 new, 1 updated, 0 unchanged, 1 rejected.", cut.Find("[data-testid=report-summary]").TextContent));
        Assert.Contains("Missing phone", cut.Find("[data-testid=rejected-rows]").TextContent);
        await using (var db = f.Database.CreateDbContext())
        {
            Assert.False(await db.Customers.AnyAsync(c => c.Phone == "+13125550140"));
        }

        await cut.InvokeAsync(() => cut.Find("[data-testid=import]").Click());
        cut.WaitForAssertion(() => Assert.Contains("Imported", cut.Find("[data-testid=import-report]").TextContent));
        await using var after = f.Database.CreateDbContext();
        var dana = await after.Customers.SingleAsync(c => c.Phone == "+13125550140");
        Assert.Equal(("Dana", "Lee"), (dana.FirstName, dana.LastName));
        Assert.StartsWith("import-", Assert.Single(dana.Tags));
    }
}
