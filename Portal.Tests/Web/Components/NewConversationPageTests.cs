using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Threads;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Inbox;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class NewConversationPageTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        Services.AddSingleton<ICustomerService>(sp => new CustomerService(f.Database, new PhoneNumberNormalizer("US"), TestProviders.Catalog,
            sp.GetRequiredService<Portal.Core.Realtime.IConversationNotifier>(), Clock));
        Services.AddSingleton<IConversationStarter>(sp => new ConversationStarter(sp.GetRequiredService<ICustomerService>(), sp.GetRequiredService<IThreadService>(), new PhoneNumberNormalizer("US")));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(f.SalesScope));
        Services.AddScoped<UserContext>();
        Services.AddSingleton<Portal.Core.Departments.IDepartmentAdministration>(new Portal.Infrastructure.Departments.DepartmentAdministration(f.Database));
        Context.AddAuthorization().SetAuthorized("Sam Sales").SetRoles(Roles.Staff);
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task A_number_held_by_another_departments_customer_starts_their_conversation_here()
    {
        var cut = Render<NewConversationPage>();
        cut.WaitForElement("[data-live=true]");

        InputLabelled(cut, "Customer's name or mobile number").Input("773 555 0103");
        cut.WaitForAssertion(() => Assert.Contains("Cara Lind", cut.Find("[data-testid=customer-match]").TextContent), TimeSpan.FromSeconds(3));
        cut.Find("[data-testid=customer-match]").Click();
        await cut.InvokeAsync(() => cut.Find("[data-testid=start-conversation]").Click());

        var navigation = Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        cut.WaitForAssertion(() => Assert.Contains("/threads/", navigation.Uri), TimeSpan.FromSeconds(3));
        await using var db = f.Database.CreateDbContext();
        var thread = await db.Threads.SingleAsync(t => t.CustomerId == f.Cara.Id && t.DepartmentId == f.Sales.Id);
        Assert.EndsWith($"/threads/{thread.Id}", navigation.Uri);
        Assert.Equal(1, await db.Customers.CountAsync(c => c.Phone == f.Cara.Phone));
    }
    [Fact]
    public void A_first_text_to_a_new_number_is_counted_with_the_opt_out_line_and_one_to_a_customer_who_texted_is_not()
    {
        var cut = Render<NewConversationPage>();
        cut.WaitForElement("[data-live=true]");
        InputLabelled(cut, "Customer's name or mobile number").Input("312 555 0199");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=new-first-text]")), TimeSpan.FromSeconds(3));

        InputLabelled(cut, "First text").Input(new string('a', 140));

        // 140 + a line break + "Reply STOP to opt out." (22): two segments where the typed text alone is one.
        cut.WaitForAssertion(() => Assert.Contains("163 characters · 2 segments, with “Reply STOP to opt out.” added", cut.Markup));

        InputLabelled(cut, "Customer's name or mobile number").Input("773 555 0103");
        cut.WaitForAssertion(() => Assert.Contains("Cara Lind", cut.Find("[data-testid=customer-match]").TextContent), TimeSpan.FromSeconds(3));
        cut.Find("[data-testid=customer-match]").Click();

        cut.WaitForAssertion(() => Assert.Contains("140 characters · 1 segment", cut.Markup));
        Assert.DoesNotContain("Reply STOP", cut.Markup);
    }
}
