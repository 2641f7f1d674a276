using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Inbox;

namespace Portal.Tests.Web.Components;

public class ThreadViewTests : PortalComponentTest
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

    private ThreadDetail Detail(params Message[] messages) => new(
        f.AnaSales, f.Ana, f.Sales, messages, "Sam Sales", [new UserOption(f.SalesRep.Id, "Sam Sales")], []);

    [Fact]
    public void Bubbles_are_placed_by_direction_with_notes_and_system_lines_apart()
    {
        var at = InboxFixture.Now.AddHours(-1);
        var inbound = DataBuilder.Inbound(f.AnaSales, "Is the Camry available?", at);
        var reply = DataBuilder.Outbound(f.AnaSales, "Yes it is!", at.AddMinutes(1), MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered);
        var note = Message.Create(f.AnaSales.Id, MessageDirection.Internal, MessageKind.Note, "Hot lead", MessageStatus.Received, at.AddMinutes(2));
        note.AuthorName = "Sam Sales";
        var line = Message.Create(f.AnaSales.Id, MessageDirection.Internal, MessageKind.SystemEvent, "Sam Sales took this conversation", MessageStatus.Received, at.AddMinutes(3));

        var cut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail(inbound, reply, note, line))
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));

        Assert.Equal("Is the Camry available?", cut.Find(".bubble-row.inbound .bubble-body").TextContent);
        Assert.Equal("Yes it is!", cut.Find(".bubble-row.outbound .bubble-body").TextContent);
        Assert.Contains("Hot lead", cut.Find(".note-bubble").TextContent);
        Assert.Contains("Internal note · Sam Sales", cut.Find(".note-bubble .note-header").TextContent);
        Assert.Contains("took this conversation", cut.Find(".system-line").TextContent);
        Assert.Empty(cut.FindAll(".bubble-row.inbound .status-chip"));
    }

    [Fact]
    public void Outbound_bubbles_show_their_status_and_failures_their_reason()
    {
        var at = InboxFixture.Now.AddHours(-1);
        var delivered = DataBuilder.Outbound(f.AnaSales, "Delivered one", at, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered);
        var failed = DataBuilder.Outbound(f.AnaSales, "Failed one", at.AddMinutes(1), MessageStatus.Queued);
        failed.Fail(FailureReason.InvalidPhoneNumber, "21211", at.AddMinutes(1));
        var scheduled = DataBuilder.Outbound(f.AnaSales, "Later one", at.AddMinutes(2), MessageStatus.Scheduled);
        scheduled.SendAt = InboxFixture.Now.AddDays(1);

        var cut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail(delivered, failed, scheduled))
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));

        var chips = cut.FindAll(".status-chip").Select(c => (c.GetAttribute("data-status"), c.TextContent.Trim())).ToList();
        Assert.Contains(("Delivered", "Delivered"), chips);
        Assert.Contains(("Failed", "Failed"), chips);
        Assert.Contains("The phone number is not valid. (21211)", cut.Find(".bubble-failure").TextContent);
        // Scheduled messages are pinned at the bottom, apart from the history.
        Assert.Contains("Later one", cut.Find(".thread-scheduled").TextContent);
        Assert.Contains("Goes out", cut.Find(".thread-scheduled .bubble-time").TextContent);
    }

    [Fact]
    public void Message_bodies_are_text_never_markup()
    {
        var inbound = DataBuilder.Inbound(f.AnaSales, "<b>bold</b><script>alert(1)</script>", InboxFixture.Now);

        var cut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail(inbound))
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));

        var body = cut.Find(".bubble-body");
        Assert.Empty(body.Children);
        Assert.Equal("<b>bold</b><script>alert(1)</script>", body.TextContent);
    }

    [Fact]
    public void An_opted_out_customer_is_flagged()
    {
        f.Ana.Consent = ConsentStatus.OptedOut;

        var cut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail())
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));

        Assert.Contains("opted out", cut.Find("[data-testid=opted-out]").TextContent);
    }

    [Fact]
    public async Task Adding_a_note_stores_it_and_tells_the_page()
    {
        var changed = 0;
        var cut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail())
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales"))
            .Add(c => c.OnChanged, () => changed++));

        cut.FindAll(".composer-modes button").Single(b => b.TextContent.Contains("Internal note")).Click();
        cut.WaitForElement("[data-testid=add-note]");
        // Found and triggered on the renderer's own context: the text field may still be rendering the mode change.
        await cut.InvokeAsync(() => cut.Find(".composer textarea").Input("Customer prefers mornings"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=add-note]").Click());

        cut.WaitForAssertion(() => Assert.Equal(1, changed));
        await using var db = f.Database.CreateDbContext();
        Assert.True(await db.Messages.AnyAsync(m => m.ThreadId == f.AnaSales.Id && m.Kind == MessageKind.Note && m.Body == "Customer prefers mornings"));
    }

    [Fact]
    public async Task An_empty_note_is_refused_in_the_form()
    {
        var changed = 0;
        var cut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail())
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales"))
            .Add(c => c.OnChanged, () => changed++));

        cut.FindAll(".composer-modes button").Single(b => b.TextContent.Contains("Internal note")).Click();
        cut.WaitForElement("[data-testid=add-note]");
        await cut.InvokeAsync(() => cut.Find("[data-testid=add-note]").Click());

        cut.WaitForAssertion(() => Assert.Contains("Write something first.", cut.Markup));
        Assert.Equal(0, changed);
    }

    [Fact]
    public void A_thread_opened_from_a_search_highlights_the_matching_messages()
    {
        var hit = DataBuilder.Inbound(f.AnaSales, "When is the LOANER back?", InboxFixture.Now.AddMinutes(-9));
        var other = DataBuilder.Inbound(f.AnaSales, "Thanks", InboxFixture.Now.AddMinutes(-8));

        var cut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail(hit, other))
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales"))
            .Add(c => c.Highlight, "loaner"));

        var highlighted = cut.FindAll(".bubble.search-hit");
        Assert.Equal("When is the LOANER back?", Assert.Single(highlighted).QuerySelector(".bubble-body")!.TextContent);
    }

    [Fact]
    public void Consent_reads_the_same_everywhere_and_scheduled_texts_to_an_opted_out_customer_are_flagged()
    {
        var scheduled = DataBuilder.Outbound(f.AnaSales, "See you tomorrow", InboxFixture.Now.AddHours(1), MessageStatus.Scheduled);
        scheduled.SendAt = InboxFixture.Now.AddHours(20);
        var unknown = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail(scheduled))
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));
        Assert.StartsWith("Not recorded", unknown.Find("[data-testid=consent]").TextContent.Trim());
        Assert.Empty(unknown.FindAll("[data-testid=scheduled-opted-out]"));

        f.Ana.Consent = Portal.Core.Customers.ConsentStatus.OptedOut;
        f.Ana.ConsentSource = "Texted “STOP”";
        f.Ana.ConsentChangedAt = InboxFixture.Now;
        var optedOut = Render<ThreadView>(p => p
            .Add(c => c.Detail, Detail(scheduled))
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));
        var consent = optedOut.Find("[data-testid=consent]").TextContent;
        Assert.Contains("Opted out", consent);
        Assert.Contains("Texted “STOP”", consent);
        Assert.DoesNotContain("message", consent);
        Assert.Contains("will not be sent", optedOut.Find("[data-testid=scheduled-opted-out]").TextContent);
    }
}
