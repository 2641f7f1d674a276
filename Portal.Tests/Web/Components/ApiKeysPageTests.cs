using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Departments;
using Portal.Core.Integration;
using Portal.Core.Security;
using Portal.Infrastructure.Departments;
using Portal.Infrastructure.Integration;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class ApiKeysPageTests : PortalComponentTest
{
    private InboxFixture f = default!;
    private ApiKeyService keys = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        keys = new ApiKeyService(f.Database, Options.Create(new ApiKeyOptions()), Clock,
            new Portal.Infrastructure.Realtime.InProcessConversationNotifier(NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), NullLogger<ApiKeyService>.Instance);
        Services.AddSingleton<IApiKeyAdministration>(keys);
        Services.AddSingleton<IDepartmentAdministration>(new DepartmentAdministration(f.Database));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(f.AdminScope));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Ada Admin").SetRoles(Roles.Admin);
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task A_key_is_shown_once_works_for_its_departments_and_stops_working_when_revoked()
    {
        var cut = Render<ApiKeysPage>();
        cut.Find("[data-testid=new-key]").Click();
        InputLabelled(cut, "Name (which system uses it)").Change("Dealer DMS");
        await cut.InvokeAsync(() => cut.FindAll("input[type=checkbox]").Last().Change(true));
        await cut.InvokeAsync(() => cut.Find("[data-testid=create-key]").Click());

        var shown = cut.WaitForElement("[data-testid=created-key] code").TextContent.Trim();
        Assert.StartsWith("dcp_", shown);
        var caller = await keys.AuthenticateAsync(shown);
        Assert.NotNull(caller);
        Assert.False(caller.AllDepartments);
        Assert.Single(caller.DepartmentIds);
        Assert.DoesNotContain(shown, cut.Find("[data-testid=api-keys]").TextContent);

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=api-keys] button").Single(b => b.TextContent.Contains("Revoke")).Click());

        cut.WaitForAssertion(() => Assert.Contains("Revoked", cut.Find("[data-testid=api-keys]").TextContent));
        Assert.Null(await keys.AuthenticateAsync(shown));
    }

    [Fact]
    public async Task A_key_without_a_name_or_a_department_is_refused_with_both_reasons()
    {
        var cut = Render<ApiKeysPage>();
        cut.Find("[data-testid=new-key]").Click();

        await cut.InvokeAsync(() => cut.Find("[data-testid=create-key]").Click());

        cut.WaitForAssertion(() => Assert.Contains("Give the key a name", cut.Markup));
        Assert.Contains("Choose the departments", cut.Markup);
        Assert.Empty(await keys.ListAsync());
    }
}
