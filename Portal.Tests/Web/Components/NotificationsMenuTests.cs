using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Departments;
using Portal.Core.Notifications;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Infrastructure.Departments;
using Portal.Infrastructure.Notifications;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Layout;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class NotificationsMenuTests : PortalComponentTest
{
    private InboxFixture f = default!;
    private IRenderedComponent<MudBlazor.MudPopoverProvider> providers = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        Services.AddSingleton<INotificationCenter>(new NotificationCenter(f.Database, Clock));
        Services.AddSingleton<IDepartmentAdministration>(new DepartmentAdministration(f.Database));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(f.SalesScope));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Sam Sales").SetRoles(Roles.Staff)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, f.SalesRep.Id.ToString()));
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
        providers = RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task A_notification_for_the_user_raises_the_count_live_lists_unread_first_and_opening_it_reads_it()
    {
        var cut = Render<NotificationsMenu>();
        Assert.Empty(cut.FindAll(".mud-badge-content, .mud-badge"));

        await using (var db = f.Database.CreateDbContext())
        {
            var events = NotificationCenter.Stage(db, [f.SalesRep.Id], NotificationKind.Overdue, f.Sales.Id, f.AnaSales.Id, "Ana Ruiz has waited 15 business minutes for an answer in Sales");
            NotificationCenter.Stage(db, [f.ServiceAdvisor.Id], NotificationKind.Overdue, f.Service.Id, f.CaraService.Id, "Not Sam's");
            await db.SaveChangesAsync();
            var notifier = Context.Services.GetRequiredService<IConversationNotifier>();
            await notifier.PublishAsync(events[0]);
            await notifier.PublishAsync(ConversationEvents.NotificationAdded(f.ServiceAdvisor.Id, f.Service.Id, f.CaraService.Id, "Not Sam's"));
        }

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find(".mud-badge-content, .mud-badge").TextContent.Trim()));
        Assert.Equal("Notifications, 1 unread", cut.Find(".notifications-menu button").GetAttribute("aria-label"));

        await cut.InvokeAsync(() => cut.Find(".notifications-menu button").Click());
        providers.WaitForAssertion(() => Assert.Single(providers.FindAll("[data-testid=notification]")));
        Assert.Contains("Ana Ruiz has waited 15 business minutes", providers.Find("[data-testid=notification]").TextContent);

        await providers.InvokeAsync(() => providers.Find("[data-testid=notification]").Click());
        Assert.Equal(0, await Context.Services.GetRequiredService<INotificationCenter>().UnreadCountAsync(f.SalesRep.Id));
        Assert.EndsWith($"/threads/{f.AnaSales.Id}", Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }
}
