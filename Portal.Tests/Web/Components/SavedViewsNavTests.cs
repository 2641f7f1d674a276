using Bunit;
using Portal.Core.Threads;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Pages.Inbox;

namespace Portal.Tests.Web.Components;

public sealed class SavedViewsNavTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        AddPortalServices(f.Database);
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task The_filters_in_use_are_saved_by_name_listed_with_their_count_and_applied_with_one_click()
    {
        InboxFilter? applied = null;
        var current = new InboxFilter { UnreadOnly = true };
        var cut = Render<SavedViewsNav>(p => p.Add(c => c.Scope, f.SalesScope).Add(c => c.Current, current).Add(c => c.OnApply, filter => applied = filter));

        cut.Find("[data-testid=save-view]").Click();
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-view-confirm]").Click());
        Assert.Contains("1 to 40 characters", cut.Find("[role=alert]").TextContent);
        cut.Find("[data-testid=save-view-name]").Input("Unread in Sales");
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-view-confirm]").Click());

        var view = cut.Find("[data-testid=saved-view]");
        Assert.Contains("Unread in Sales", view.TextContent);
        Assert.Equal("1", view.QuerySelector(".view-count")!.TextContent);
        Assert.Equal("true", view.GetAttribute("aria-pressed"));

        await cut.InvokeAsync(() => view.Click());
        Assert.Equal(current, applied);
    }

    [Fact]
    public async Task On_a_phone_the_same_views_are_a_menu_among_the_lists_filters()
    {
        var views = Context.Services.GetService(typeof(ISavedViews)) as ISavedViews;
        await views!.SaveAsync(f.SalesScope, "Unread", new InboxFilter { UnreadOnly = true });
        InboxFilter? applied = null;
        var cut = Context.Render(builder =>
        {
            builder.OpenComponent<SavedViewsNav>(0);
            builder.AddAttribute(1, nameof(SavedViewsNav.Scope), f.SalesScope);
            builder.AddAttribute(2, nameof(SavedViewsNav.Current), new InboxFilter());
            builder.AddAttribute(3, nameof(SavedViewsNav.OnApply), Microsoft.AspNetCore.Components.EventCallback.Factory.Create<InboxFilter>(this, filter => applied = filter));
            builder.CloseComponent();
            builder.OpenComponent<Microsoft.AspNetCore.Components.Sections.SectionOutlet>(4);
            builder.AddAttribute(5, "SectionName", SavedViewsNav.PhoneSection);
            builder.CloseComponent();
        });

        var option = cut.FindAll("[data-testid=saved-view-select] option").Single(o => o.TextContent == "Unread (1)");
        await cut.InvokeAsync(() => cut.Find("[data-testid=saved-view-select]").Change(option.GetAttribute("value")));

        Assert.Equal(new InboxFilter { UnreadOnly = true }, applied);
    }
}
