using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Assignment;
using Portal.Core.Security;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Pages.Manage;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class TeamPageTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(f.AdminScope));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Ada Admin").SetRoles(Roles.Admin).SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, f.SalesRep.Id.ToString()));
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task A_manager_sets_the_mode_and_a_capacity_and_sees_who_is_online_away_or_offline_live()
    {
        Presence.Connect(f.SalesRep.Id);
        var cut = Render<TeamPage>();
        var sales = cut.Find("[data-testid=team-Sales]");
        Assert.Contains("Online", sales.QuerySelector("[data-testid=member-row]")!.TextContent);
        Assert.Contains("Offline", cut.Find("[data-testid=team-Service] [data-testid=member-row]").TextContent);

        await cut.InvokeAsync(() => cut.Find("[data-testid=team-Sales] input[data-testid=mode-least-loaded]").Click());
        cut.Find("[data-testid=team-Sales] input[data-testid=capacity]").Change("3");
        await cut.InvokeAsync(() => cut.Find("[data-testid=team-Sales] [data-testid=save-team]").Click());

        await using (var db = f.Database.CreateDbContext())
        {
            Assert.Equal(AssignmentMode.LeastLoaded, (await db.Departments.SingleAsync(d => d.Id == f.Sales.Id)).AssignmentMode);
            Assert.Equal(3, (await db.DepartmentMembers.SingleAsync(m => m.UserId == f.SalesRep.Id)).Capacity);
            Assert.Equal(AssignmentMode.Off, (await db.Departments.SingleAsync(d => d.Id == f.Service.Id)).AssignmentMode);
        }

        await Context.Services.GetRequiredService<ITeamSettings>().SetAwayAsync(f.SalesRep.Id, true);
        cut.WaitForAssertion(() => Assert.Contains("Away", cut.Find("[data-testid=team-Sales] [data-testid=member-row]").TextContent));
    }

    [Fact]
    public async Task The_away_switch_shows_the_state_changes_it_and_follows_the_users_other_tabs()
    {
        var cut = Render<AwayToggle>();
        var toggle = cut.Find("[data-testid=away-toggle]");
        Assert.Equal("false", toggle.GetAttribute("aria-checked"));
        Assert.Contains("Available", toggle.TextContent);

        await cut.InvokeAsync(() => cut.Find("[data-testid=away-toggle]").Click());

        Assert.Equal("true", cut.Find("[data-testid=away-toggle]").GetAttribute("aria-checked"));
        Assert.True(await Context.Services.GetRequiredService<ITeamSettings>().IsAwayAsync(f.SalesRep.Id));

        // Back from another tab: this one follows.
        await Context.Services.GetRequiredService<ITeamSettings>().SetAwayAsync(f.SalesRep.Id, false);
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=away-toggle]").GetAttribute("aria-checked")));
    }

    [Fact]
    public async Task The_after_hours_reply_is_turned_on_with_a_default_checked_like_a_template_and_saved()
    {
        var cut = Render<TeamPage>();
        Assert.Contains("Open 8:00 AM – 9:00 PM (America/Chicago)", cut.Find("[data-testid=team-Sales] [data-testid=team-hours]").TextContent);

        await cut.InvokeAsync(() => cut.Find("[data-testid=team-Sales] input[data-testid=after-hours-on]").Change(true));
        Assert.Contains("{{ department.opens_at }}", cut.Find("[data-testid=team-Sales] textarea[data-testid=after-hours-text]").TextContent);
        cut.Find("[data-testid=team-Sales] textarea[data-testid=after-hours-text]").Change("We open {{ store.hours }}");
        await cut.InvokeAsync(() => cut.Find("[data-testid=team-Sales] [data-testid=save-team]").Click());

        Assert.Contains("store.hours", cut.Find("[data-testid=team-Sales]").TextContent);
        await using (var db = f.Database.CreateDbContext())
        {
            Assert.Null((await db.Departments.SingleAsync(d => d.Id == f.Sales.Id)).AfterHoursReply);
        }

        cut.Find("[data-testid=team-Sales] textarea[data-testid=after-hours-text]").Change("Closed now, {{ customer.first_name }}. Back {{ department.opens_at }}.");
        await cut.InvokeAsync(() => cut.Find("[data-testid=team-Sales] [data-testid=save-team]").Click());

        await using var after = f.Database.CreateDbContext();
        Assert.Equal("Closed now, {{ customer.first_name }}. Back {{ department.opens_at }}.", (await after.Departments.SingleAsync(d => d.Id == f.Sales.Id)).AfterHoursReply);
    }
}
