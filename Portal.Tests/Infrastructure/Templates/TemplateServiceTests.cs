using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Security;
using Portal.Core.Templates;
using Portal.Infrastructure.Templates;

namespace Portal.Tests.Infrastructure.Templates;

public class TemplateServiceTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private TemplateService templates = default!;

    private DepartmentScope SalesManager => DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [f.Sales.Id]);

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        templates = new TemplateService(f.Database);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public void In_a_conversation_the_rep_is_the_person_replying_and_in_an_automated_text_the_leads_sales_rep()
    {
        var customer = new Customer { FirstName = "Ana", Phone = "+13125550101", Lead = new LeadProfile { SalesRep = "Rita Rep" } };
        var conversation = new Portal.Core.Threads.ThreadDetail(
            new Portal.Core.Threads.ConversationThread { DepartmentId = f.Sales.Id, CustomerId = customer.Id }, customer, f.Sales, [], null, [], []);
        const string body = "Hi {{ customer.first_name }}, {{ rep.name }} from {{ department.name }} here.";

        Assert.Equal("Hi Ana, Sam Sales from Sales here.", templates.RenderFor(body, conversation, "Sam Sales", senderIsRep: true));
        Assert.Equal("Hi Ana, Rita Rep from Sales here.", templates.RenderFor(body, conversation, "Integration", senderIsRep: false));
        Assert.Equal("Hi Ana, Integration from Sales here.",
            templates.RenderFor(body, conversation with { Customer = new Customer { FirstName = "Ana" } }, "Integration", senderIsRep: false));
    }

    [Theory]
    [InlineData("{% for i in (1..30000000) %}x{% endfor %}", "not {% for %}")]
    [InlineData("{% assign s = 'xx' %}{{ s }}", "not {% assign %}")]
    [InlineData("{%- capture s -%}x{%- endcapture -%}", "not {% capture %}")]
    [InlineData("{{ (1..30000000) | join: ',' }}", "at most 1,000 items")]
    [InlineData("{{ 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' | replace: 'a', 'aaaaaaaaaa' }}", "longer than a text can be")]
    [InlineData("{{ (1..900) | join: ' and then ' }}", "longer than a text can be")]
    public void A_template_that_would_loop_for_ever_or_make_a_huge_text_is_refused_with_the_reason(string body, string reason)
    {
        var context = MergeContext.For(new Customer { FirstName = "Ana" }, "Sam", "Sales");

        var refused = Assert.Throws<ValidationException>(() => templates.Render(body, context));

        Assert.Contains(reason, Assert.Single(refused.Errors["Body"]));
    }

    [Fact]
    public void A_template_renders_text_as_typed_not_html()
    {
        var text = templates.Render("Hi {{ customer.first_name }} & co, it's <ready>", MergeContext.For(new Customer { FirstName = "O'Brien" }, "Sam", "Sales"));

        Assert.Equal("Hi O'Brien & co, it's <ready>", text);
        Assert.Contains("at most 1,000 items", templates.Validate("{{ (0..5000) | join }}"));
    }

    [Fact]
    public void Fallbacks_fill_missing_values_and_every_field_group_renders()
    {
        var customer = new Customer
        {
            FirstName = "Ana", LastName = "Ruiz", Email = "ana@example.com", Phone = "+13125550101",
            Lead = new LeadProfile { VehicleOfInterest = "2025 RAV4", ProcessStatus = "Working", Budget = 30000, SalesRep = "Rita Rep" },
        };
        var full = templates.Render(
            "{{ customer.full_name }} {{ customer.email }} {{ lead.vehicle }} {{ lead.status }} {{ lead.budget }} {{ rep.name }} {{ rep.first_name }} {{ department.name }}",
            MergeContext.For(customer, "Sam Sales", "Sales"));
        Assert.Equal("Ana Ruiz ana@example.com 2025 RAV4 Working $30,000 Rita Rep Rita Sales", full);

        var empty = templates.Render("Hi {{ customer.first_name | default: \"there\" }}, about {{ lead.vehicle | default: \"your next car\" }} — {{ rep.name }}",
            MergeContext.For(new Customer { FirstName = " " }, "Sam Sales", null));
        Assert.Equal("Hi there, about your next car — Sam Sales", empty);
    }

    [Fact]
    public void Missing_data_without_a_fallback_renders_as_nothing_not_as_a_placeholder()
    {
        var text = templates.Render("Hi {{ customer.first_name }}!", MergeContext.For(new Customer(), null, null));
        Assert.Equal("Hi !", text);
    }

    [Fact]
    public async Task An_unknown_merge_field_or_a_syntax_error_is_a_validation_error_on_save_and_nothing_is_written()
    {
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => templates.SaveAsync(SalesManager, null,
            new TemplateInput { Name = "Bad", DepartmentId = f.Sales.Id, Body = "Hi {{ customer.nickname }}" }));
        Assert.Contains("customer.nickname", unknown.Errors[nameof(TemplateInput.Body)][0]);

        var broken = await Assert.ThrowsAsync<ValidationException>(() => templates.SaveAsync(SalesManager, null,
            new TemplateInput { Name = "Broken", DepartmentId = f.Sales.Id, Body = "Hi {{ customer.first_name " }));
        Assert.StartsWith("The template has an error", broken.Errors[nameof(TemplateInput.Body)][0]);

        await using var db = f.Database.CreateDbContext();
        Assert.Equal(0, await db.Templates.CountAsync());
    }

    [Fact]
    public async Task A_manager_creates_edits_and_archives_templates_of_their_department_only()
    {
        var id = await templates.SaveAsync(SalesManager, null, new TemplateInput { Name = "Welcome", DepartmentId = f.Sales.Id, Type = TemplateType.Nudge, Body = "Hi {{ customer.first_name }}" });
        await templates.SaveAsync(SalesManager, id, new TemplateInput { Name = "Welcome back", DepartmentId = f.Sales.Id, Type = TemplateType.Nudge, Body = "Hello again {{ customer.first_name }}" });

        Assert.Equal("Hello again {{ customer.first_name }}", Assert.Single(await templates.ListForDepartmentAsync(f.Sales.Id)).Body);
        await Assert.ThrowsAsync<AccessDeniedException>(() => templates.SaveAsync(SalesManager, null, new TemplateInput { Name = "X", DepartmentId = f.Service.Id, Body = "x" }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => templates.SaveAsync(SalesManager, null, new TemplateInput { Name = "Shared", DepartmentId = null, Body = "x" }));
        var serviceOwn = await templates.SaveAsync(f.AdminScope, null, new TemplateInput { Name = "Recall", DepartmentId = f.Service.Id, Body = "x" });
        await Assert.ThrowsAsync<AccessDeniedException>(() => templates.SetArchivedAsync(SalesManager, serviceOwn, true));

        await templates.SetArchivedAsync(SalesManager, id, true);
        Assert.Empty(await templates.ListForDepartmentAsync(f.Sales.Id));
        var withArchived = await templates.ListAsync(SalesManager, includeArchived: true);
        Assert.False(Assert.Single(withArchived).IsActive);
        Assert.Empty(await templates.ListAsync(SalesManager, includeArchived: false));
    }

    [Fact]
    public async Task A_name_is_unique_within_its_department()
    {
        await templates.SaveAsync(f.AdminScope, null, new TemplateInput { Name = "Welcome", DepartmentId = f.Sales.Id, Body = "a" });
        var taken = await Assert.ThrowsAsync<ValidationException>(() =>
            templates.SaveAsync(f.AdminScope, null, new TemplateInput { Name = "Welcome", DepartmentId = f.Sales.Id, Body = "b" }));
        Assert.Contains(nameof(TemplateInput.Name), taken.Errors.Keys);
        await templates.SaveAsync(f.AdminScope, null, new TemplateInput { Name = "Welcome", DepartmentId = f.Service.Id, Body = "c" });
    }
}
