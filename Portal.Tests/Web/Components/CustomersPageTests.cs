using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Customers;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class CustomersPageTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        Services.AddSingleton<ICustomerService>(sp => new Portal.Infrastructure.Customers.CustomerService(f.Database, new PhoneNumberNormalizer("US"), TestProviders.Catalog,
            sp.GetRequiredService<Portal.Core.Realtime.IConversationNotifier>(), Clock));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(f.SalesScope));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Sam Sales").SetRoles(Roles.Staff);
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public void Clicking_anywhere_on_a_customers_row_opens_the_customer()
    {
        var cut = Render<CustomersPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr.customer-row")));

        var row = cut.FindAll("tr.customer-row").First(r => r.TextContent.Contains("Okafor"));
        row.QuerySelectorAll("td")[1].Click();

        Assert.EndsWith($"/customers/{f.Ben.Id}", Context.Services.GetRequiredService<NavigationManager>().Uri);
    }
}
