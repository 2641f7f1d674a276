using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Security;
using Portal.Infrastructure.Departments;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Manage;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class TemplatesPageTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        Services.AddSingleton<IDepartmentAdministration>(new DepartmentAdministration(f.Database));
        Services.AddSingleton<ICustomerService>(sp => new Portal.Infrastructure.Customers.CustomerService(f.Database, new PhoneNumberNormalizer("US"), TestProviders.Catalog,
            sp.GetRequiredService<Portal.Core.Realtime.IConversationNotifier>(), Clock));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [f.Sales.Id])));
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
    public async Task A_template_for_every_department_says_why_a_manager_cannot_change_it_and_can_be_copied_into_theirs()
    {
        await f.Database.SeedAsync(new Portal.Core.Templates.Template { Name = "Holiday hours", Body = "We close at 3 on the 24th.", DepartmentId = null });

        var cut = Render<TemplatesPage>();

        var row = cut.FindAll("[data-testid=templates] tr").Single(r => r.TextContent.Contains("Holiday hours"));
        Assert.Contains("Admins change this", row.QuerySelector("[data-testid=template-locked]")!.TextContent);
        Assert.Null(row.QuerySelector("button[aria-label='Edit Holiday hours']"));
        await cut.InvokeAsync(() => row.QuerySelector("button[aria-label='Copy Holiday hours to change it']")!.Click());
        Assert.Equal("Holiday hours (Sales)", InputLabelled(cut, "Name").GetAttribute("value"));
        Assert.Equal("We close at 3 on the 24th.", InputLabelled(cut, "Text").TextContent);
    }

    [Fact]
    public void The_preview_customer_is_found_by_a_plain_search_that_keeps_every_letter_typed()
    {
        var cut = Render<TemplatesPage>();
        cut.Find("[data-testid=new-template]").Click();
        InputLabelled(cut, "Text").Input("Hi {{ customer.first_name | default: \"there\" }}");

        InputLabelled(cut, "Preview for customer").Input("Okafor");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=customer-match]")), TimeSpan.FromSeconds(3));
        Assert.Equal("Okafor", InputLabelled(cut, "Preview for customer").GetAttribute("value"));
        cut.Find("[data-testid=customer-match]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Hi Ben", cut.Find("[data-testid=template-preview]").TextContent.Trim()), TimeSpan.FromSeconds(3));
        Assert.Contains("Ben Okafor", cut.Find("[data-testid=picked-customer]").TextContent);
    }

    [Fact]
    public async Task An_unknown_merge_field_is_shown_on_save_and_nothing_is_stored()
    {
        var cut = Render<TemplatesPage>();
        cut.Find("[data-testid=new-template]").Click();
        InputLabelled(cut, "Name").Change("Welcome");
        InputLabelled(cut, "Text").Input("Hi {{ customer.nick_name }}");

        await cut.InvokeAsync(() => cut.Find("form").Submit());

        cut.WaitForAssertion(() => Assert.Contains("{{ customer.nick_name }} is not a merge field", cut.Markup));
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(0, await db.Templates.CountAsync());
    }

    [Fact]
    public async Task The_preview_fills_merge_fields_with_fallbacks_and_a_saved_template_is_listed()
    {
        var cut = Render<TemplatesPage>();
        cut.Find("[data-testid=new-template]").Click();
        InputLabelled(cut, "Name").Change("Welcome");
        InputLabelled(cut, "Text").Input("Hi {{ customer.first_name | default: \"there\" }}, about the {{ lead.vehicle }}");

        cut.WaitForAssertion(() => Assert.Contains("Hi Jordan, about the 2025 Camry SE", cut.Find("[data-testid=template-preview]").TextContent));
        cut.WaitForAssertion(() => Assert.Contains("1 segment", cut.Find("[data-testid=template-segments]").TextContent));

        await cut.InvokeAsync(() => cut.Find("form").Submit());

        cut.WaitForAssertion(() => Assert.Contains("Welcome", cut.Find("[data-testid=templates]").TextContent));
        await using var db = f.Database.CreateDbContext();
        var stored = await db.Templates.SingleAsync();
        Assert.Equal(f.Sales.Id, stored.DepartmentId);
    }
    [Fact]
    public async Task A_marketing_template_previews_and_counts_its_text_with_the_opt_out_line_and_is_marked_in_the_list()
    {
        var cut = Render<TemplatesPage>();
        cut.Find("[data-testid=new-template]").Click();
        InputLabelled(cut, "Name").Change("Winter offer");
        InputLabelled(cut, "Text").Input("Winter tires 20% off, {{ customer.first_name }}!");
        cut.WaitForAssertion(() => Assert.Contains("Winter tires 20% off, Jordan!", cut.Find("[data-testid=template-preview]").TextContent));
        Assert.DoesNotContain("STOP", cut.Find("[data-testid=template-preview]").TextContent);

        await cut.InvokeAsync(() => cut.Find("input[type=checkbox][data-testid=template-marketing], [data-testid=template-marketing] input[type=checkbox]").Change(true));

        cut.WaitForAssertion(() => Assert.Contains("Winter tires 20% off, Jordan!\nReply STOP to opt out.", cut.Find("[data-testid=template-preview]").TextContent));
        Assert.Contains("with the opt-out line: 52 characters", cut.Find("[data-testid=template-segments]").TextContent);
        await cut.InvokeAsync(() => cut.Find("form").Submit());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=template-marketing-chip]")));
        await using var db = f.Database.CreateDbContext();
        var stored = await db.Templates.SingleAsync();
        Assert.True(stored.IsMarketing);
        Assert.Equal("Winter tires 20% off, {{ customer.first_name }}!", stored.Body);
    }
}
