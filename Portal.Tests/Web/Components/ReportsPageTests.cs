using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Departments;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Infrastructure.Departments;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Reports;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class ReportsPageTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            await db.Threads.Where(t => t.Id == f.CaraService.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, Clock.GetUtcNow().UtcDateTime.AddMinutes(-42)));
            await db.Threads.Where(t => t.Id == f.AnaSales.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, Clock.GetUtcNow().UtcDateTime.AddMinutes(-3)));
        }

        AddPortalServices(f.Database);
        Services.AddSingleton<IReports>(new Portal.Infrastructure.Reports.Reports(f.Database));
        Services.AddSingleton<IResponsivenessReport>(new Portal.Infrastructure.Reports.ResponsivenessReport(f.Database));
        Services.AddSingleton<IActivityReports>(new Portal.Infrastructure.Reports.ActivityReports(f.Database));
        Services.AddSingleton<IDepartmentAdministration>(new DepartmentAdministration(f.Database));
        Services.AddScoped<UserContext>();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    private void SignIn(DepartmentScope scope, string role)
    {
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(scope));
        Context.AddAuthorization().SetAuthorized("Someone").SetRoles(role)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, scope.UserId.ToString()));
        RenderProviders();
    }

    [Fact]
    public void An_admin_sees_every_departments_waiting_customers_oldest_first_and_narrows_to_one_department()
    {
        SignIn(f.AdminScope, Roles.Admin);
        var cut = Render<ReportsPage>();

        Assert.Equal("2", cut.Find("[data-testid=waiting-count] .report-figure-value").TextContent);
        Assert.Equal("42 min", cut.Find("[data-testid=waiting-oldest] .report-figure-value").TextContent);
        Assert.Equal(["Cara Lind", "Ana Ruiz"], cut.FindAll("[data-testid=waiting-row] a").Select(a => a.TextContent));
        Assert.Equal($"/threads/{f.CaraService.Id}", cut.Find("[data-testid=waiting-row] a").GetAttribute("href"));

        cut.Find("[data-testid=report-department]").Change(f.Sales.Id.ToString());

        Assert.Equal(["Ana Ruiz"], cut.FindAll("[data-testid=waiting-row] a").Select(a => a.TextContent));
        Assert.Equal("3 min", cut.Find("[data-testid=waited]").TextContent);
    }

    [Fact]
    public async Task A_managers_list_is_their_department_only_and_follows_changes_live()
    {
        SignIn(DepartmentScope.For(f.ServiceAdvisor.Id, [Roles.Manager], [f.Service.Id]), Roles.Manager);
        var cut = Render<ReportsPage>();
        Assert.Equal(["Service"], cut.FindAll("[data-testid=report-department] option").Select(o => o.TextContent));
        Assert.Equal(["Cara Lind"], cut.FindAll("[data-testid=waiting-row] a").Select(a => a.TextContent));

        // An advisor closes Cara's conversation (answering her is the browser test's): she is no longer waiting, and the
        // page says so without a reload.
        await Context.Services.GetRequiredService<Portal.Core.Threads.IThreadService>()
            .CloseAsync(f.ServiceScope, f.CaraService.Id, new Portal.Core.Common.Actor(f.ServiceAdvisor.Id, "Sue Service"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=waiting-row]")), TimeSpan.FromSeconds(10));
        Assert.Equal("0", cut.Find("[data-testid=waiting-count] .report-figure-value").TextContent);
        Assert.Contains("Nobody is waiting", cut.Markup);
    }

    [Fact]
    public async Task Response_times_show_per_department_and_person_and_the_period_and_person_filters_narrow_them()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            db.ResponseTimes.AddRange(
                new ResponseTime { ThreadId = f.AnaSales.Id, DepartmentId = f.Sales.Id, ResponderUserId = f.SalesRep.Id, IsFirstResponse = true, BusinessSeconds = 120, WallSeconds = 120, AnsweredAt = now.AddHours(-1), WaitedFrom = now.AddHours(-1).AddMinutes(-2) },
                new ResponseTime { ThreadId = f.CaraService.Id, DepartmentId = f.Service.Id, ResponderUserId = f.ServiceAdvisor.Id, IsFirstResponse = true, BusinessSeconds = 600, WallSeconds = 600, AnsweredAt = now.AddDays(-2), WaitedFrom = now.AddDays(-2).AddMinutes(-10) });
            await db.SaveChangesAsync();
        }

        SignIn(f.AdminScope, Roles.Admin);
        var cut = Render<ReportsPage>();

        Assert.StartsWith("2 min", cut.Find("[data-testid=first-response-median] .report-figure-value").TextContent);
        Assert.Equal(["Sales", "Service", "Sam Sales", "Sue Service"], cut.FindAll("[data-testid=responsiveness-row] td:first-child").Select(td => td.TextContent));
        Assert.Single(cut.FindAll("[data-testid=response-distribution] svg"));

        cut.Find("[data-testid=report-period]").Change(nameof(ReportPeriod.Today));
        Assert.Equal(["Sales", "Sam Sales"], cut.FindAll("[data-testid=responsiveness-row] td:first-child").Select(td => td.TextContent));

        cut.Find("[data-testid=report-period]").Change(nameof(ReportPeriod.Last7Days));
        cut.Find("[data-testid=report-person]").Change(f.ServiceAdvisor.Id.ToString());
        Assert.Equal(["Service", "Sue Service"], cut.FindAll("[data-testid=responsiveness-row] td:first-child").Select(td => td.TextContent));
        Assert.Equal("10 min", cut.Find("[data-testid=first-response-median] .report-figure-value").TextContent);
    }

    [Fact]
    public async Task A_custom_range_is_checked_and_volume_follows_it_with_its_chart_heat_map_and_CSV_link()
    {
        await new Portal.Infrastructure.Reports.ActivityCounter(f.Database, Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Infrastructure.Reports.ActivityCounter>.Instance)
            .RecountAsync(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        SignIn(f.AdminScope, Roles.Admin);
        var cut = Render<ReportsPage>();

        Assert.Equal("4", cut.Find("[data-testid=texts-in] .report-figure-value").TextContent);
        Assert.Single(cut.FindAll("[data-testid=volume-by-day] svg"));
        Assert.Equal(4, cut.FindAll("[data-testid=volume-heat-map] td[data-in]").Sum(td => int.Parse(td.GetAttribute("data-in")!, System.Globalization.CultureInfo.InvariantCulture)));

        cut.Find("[data-testid=report-period]").Change(nameof(ReportPeriod.Custom));
        cut.Find("[data-testid=report-from]").Change("2026-11-24");
        Assert.Equal("0", cut.Find("[data-testid=texts-in] .report-figure-value").TextContent);

        cut.Find("[data-testid=report-to]").Change("2026-11-23");
        Assert.Equal("The last day is before the first.", cut.Find("[data-testid=range-error]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=volume]"));

        cut.Find("[data-testid=report-from]").Change("2026-11-23");
        Assert.Empty(cut.FindAll("[data-testid=range-error]"));
        Assert.Equal("4", cut.Find("[data-testid=texts-in] .report-figure-value").TextContent);
        Assert.Contains("period=Custom&from=2026-11-23&to=2026-11-23", cut.Find("[data-testid=volume-csv]").GetAttribute("href"));
    }
}
