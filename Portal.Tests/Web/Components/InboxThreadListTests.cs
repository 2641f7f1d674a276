using Microsoft.EntityFrameworkCore;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Threads;
using Portal.Infrastructure.Threads;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Pages.Inbox;

namespace Portal.Tests.Web.Components;

public class InboxThreadListTests : PortalComponentTest
{
    private InboxFixture f = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        Services.AddSingleton<IInboxQueries>(new InboxQueries(f.Database));
        Services.AddSingleton<Portal.Core.Labels.ILabelService>(new Portal.Infrastructure.Labels.LabelService(f.Database,
            new Portal.Infrastructure.Realtime.InProcessConversationNotifier(Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), Clock));
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public void Renders_my_departments_threads_with_unread_badges()
    {
        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope));

        var rows = cut.FindAll("li.thread-row");
        Assert.Equal([f.AnaSales.Id.ToString(), f.BenSales.Id.ToString()], rows.Select(r => r.GetAttribute("data-thread-id")));

        var ana = rows[0];
        Assert.Contains("Ana Ruiz", ana.TextContent);
        Assert.Contains("unread", ana.ClassList);
        Assert.Equal("2", ana.QuerySelector(".unread-badge")!.TextContent.Trim());
        Assert.Contains("Sam Sales", ana.QuerySelector(".thread-assignee")!.TextContent);

        var ben = rows[1];
        Assert.Null(ben.QuerySelector(".unread-badge"));
        Assert.DoesNotContain("Cara", cut.Markup);
    }

    [Fact]
    public void The_unread_filter_keeps_only_threads_with_unread_messages()
    {
        InboxFilter? reported = null;
        var cut = Render<InboxThreadList>(p => p
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.FilterChanged, filter => reported = filter));

        cut.Find("button[aria-label='Only unread threads']").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("li.thread-row")));
        Assert.Equal(f.AnaSales.Id.ToString(), cut.Find("li.thread-row").GetAttribute("data-thread-id"));
        Assert.True(reported?.UnreadOnly);
    }

    [Fact]
    public void The_search_box_filters_by_name()
    {
        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope));

        cut.Find(".thread-list-filters input").Input("okafor");

        cut.WaitForAssertion(() => Assert.Equal(f.BenSales.Id.ToString(), Assert.Single(cut.FindAll("li.thread-row")).GetAttribute("data-thread-id")), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Typing_right_after_clearing_the_search_keeps_every_character()
    {
        InboxFilter? reported = null;
        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope).Add(c => c.Filter, new InboxFilter { Search = "okafor" })
            .Add(c => c.FilterChanged, (InboxFilter filter) => reported = filter));
        var box = () => cut.Find(".thread-list-filters input");

        box().Input("");
        cut.WaitForAssertion(() => Assert.True(reported is { Search: null }), TimeSpan.FromSeconds(3));
        // The next word is typed, and before it is searched the list is reloaded (a live change, a thread opened).
        box().Input("ana");
        cut.Render(p => p.Add(c => c.Version, 7));

        Assert.Equal("ana", box().GetAttribute("value"));
        cut.WaitForAssertion(() => Assert.Equal("ana", reported?.Search), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_search_finds_closed_conversations_too_and_shows_their_status()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            (await db.Threads.SingleAsync(t => t.Id == f.BenSales.Id)).Status = ThreadStatus.Closed;
            await db.SaveChangesAsync();
        }

        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope).Add(c => c.Filter, new InboxFilter { Search = "okafor" }));

        var row = cut.WaitForElement("li.thread-row");
        Assert.Equal(f.BenSales.Id.ToString(), row.GetAttribute("data-thread-id"));
        Assert.Equal("Closed", row.QuerySelector(".thread-status")!.TextContent);
        Assert.NotNull(cut.Find("[data-testid=search-every-status]"));

        // A status picked on purpose still narrows the search.
        cut.Render(p => p.Add(c => c.Filter, new InboxFilter { Search = "okafor", Status = ThreadStatus.Snoozed }));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("li.thread-row")));
    }

    [Fact]
    public async Task A_read_in_another_tab_unbolds_the_row_in_place_and_says_whether_the_count_drops()
    {
        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("li.thread-row").Count));

        bool? ana = null, ben = null, stranger = null;
        await cut.InvokeAsync(() => (ana, ben, stranger) = (cut.Instance.MarkReadElsewhere(f.AnaSales.Id), cut.Instance.MarkReadElsewhere(f.BenSales.Id), cut.Instance.MarkReadElsewhere(Guid.NewGuid())));

        Assert.Equal((true, false, (bool?)null), (ana, ben, stranger));
        cut.WaitForAssertion(() => Assert.Null(cut.Find($"li.thread-row[data-thread-id='{f.AnaSales.Id}']").QuerySelector(".unread-badge")));
    }

    [Fact]
    public void An_empty_result_says_so()
    {
        var cut = Render<InboxThreadList>(p => p
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Filter, new InboxFilter { Status = ThreadStatus.Closed }));

        Assert.Empty(cut.FindAll("li.thread-row"));
        Assert.Contains("No conversations match", cut.Find(".thread-list-empty").TextContent);
    }

    [Fact]
    public async Task A_search_shows_the_matching_words_marked_and_opens_the_thread_with_the_search()
    {
        await f.Database.SeedAsync(Portal.Tests.Support.DataBuilder.Inbound(f.BenSales, "Can I keep the <b>loaner</b> car?", InboxFixture.Now.AddDays(-200)));

        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope).Add(c => c.Filter, new InboxFilter { Search = "loaner" }));

        var row = cut.WaitForElement("li.thread-row");
        Assert.Equal("loaner", row.QuerySelector("[data-testid=search-snippet] mark")!.TextContent);
        Assert.Contains("<b>", row.QuerySelector("[data-testid=search-snippet]")!.TextContent);
        Assert.Equal($"/threads/{f.BenSales.Id}?q=loaner", row.QuerySelector("a.thread-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Names_and_texts_from_customers_render_as_text_never_as_markup()
    {
        var mallory = Portal.Tests.Support.DataBuilder.Customer("<img src=x onerror=alert(1)>", "\"Bob\" & Co", "+13125550199");
        var thread = Portal.Tests.Support.DataBuilder.Thread(f.Sales, mallory, InboxFixture.Now);
        thread.LastMessagePreview = "<script>alert('hi')</script> é…";
        await f.Database.SeedAsync(mallory, thread);

        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope));

        var row = cut.WaitForElement($"li.thread-row[data-thread-id='{thread.Id}']");
        Assert.Empty(row.QuerySelectorAll("img, script"));
        Assert.Equal("<img src=x onerror=alert(1)> \"Bob\" & Co", row.QuerySelector(".thread-customer")!.TextContent);
        Assert.Equal("<script>alert('hi')</script> é…", row.QuerySelector(".thread-preview")!.TextContent);
    }

    [Fact]
    public async Task Labels_show_on_rows_in_their_color_and_the_label_filter_narrows_the_list()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            var label = new Portal.Core.Labels.Label { DepartmentId = f.Sales.Id, Name = "Trade-in", Color = Portal.Core.Labels.Label.Palette[1] };
            db.Labels.Add(label);
            db.ThreadLabels.Add(new Portal.Core.Labels.ThreadLabel { ThreadId = f.BenSales.Id, LabelId = label.Id });
            await db.SaveChangesAsync();
        }

        var cut = Render<InboxThreadList>(p => p.Add(c => c.Scope, f.SalesScope));
        var ben = cut.FindAll("li.thread-row").Single(r => r.GetAttribute("data-thread-id") == f.BenSales.Id.ToString());
        Assert.Equal("Trade-in", ben.QuerySelector(".thread-label")!.TextContent);
        Assert.Contains(Portal.Core.Labels.Label.Palette[1], ben.QuerySelector(".thread-label")!.GetAttribute("style"));

        var option = cut.FindAll("[data-testid=label-filter] option").Single(o => o.TextContent == "Trade-in");
        await cut.InvokeAsync(() => cut.Find("[data-testid=label-filter]").Change(option.GetAttribute("value")));

        Assert.Equal([f.BenSales.Id.ToString()], cut.FindAll("li.thread-row").Select(r => r.GetAttribute("data-thread-id")));
    }
}
