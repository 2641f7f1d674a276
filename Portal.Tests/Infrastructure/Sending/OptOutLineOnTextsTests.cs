using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Sending;

/// <summary>
/// The opt-out line on texts staff and the API send: the first text to a number that never texted, and texts from a
/// marketing template, end with the department's line, once per 30 days per number, never twice in a text.
/// </summary>
public sealed class OptOutLineOnTextsTests : IAsyncLifetime
{
    private const string Line = "Reply STOP to end texts from Sales.";
    private FakeProviderServer surge = default!;
    private SendingHarness h = default!;

    public async Task InitializeAsync()
    {
        surge = await FakeProviderServer.SurgeAcceptingAsync();
        h = await SendingHarness.CreateAsync(SurgeModule.Kind, surge.BaseUrl);
        await using var db = h.Database.CreateDbContext();
        (await db.Departments.FindAsync(h.Department.Id))!.OptOutLine = Line;
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await surge.DisposeAsync();
    }

    [Fact]
    public async Task The_first_text_to_a_number_that_never_texted_carries_the_line_and_the_next_within_30_days_does_not()
    {
        var lead = await NewLeadAsync("+13125550177");

        var first = await QueueAsync(lead, "Hi Nina, this is Sam from the dealership about the RAV4 you asked for.");
        var second = await QueueAsync(lead, "Does Saturday at 10 suit you?");
        h.Clock.Advance(TimeSpan.FromDays(31));
        var monthLater = await QueueAsync(lead, "Still thinking about the RAV4?");

        Assert.Equal($"Hi Nina, this is Sam from the dealership about the RAV4 you asked for.\n{Line}", first.Body);
        Assert.True(first.CarriesOptOutLine);
        Assert.Equal("Does Saturday at 10 suit you?", second.Body);
        Assert.False(second.CarriesOptOutLine);
        Assert.EndsWith($"\n{Line}", monthLater.Body);
        // What goes to the provider is the stored text, line included.
        await h.Dispatcher.DispatchAsync(first.Id);
        Assert.Contains("Reply STOP to end texts from Sales.", surge.Requests.Single().Body);
    }

    [Fact]
    public async Task A_customer_who_texted_gets_no_line_on_ordinary_texts_but_does_on_a_marketing_template_unless_told_lately()
    {
        var offer = await TemplateAsync("Winter offer", "Winter tires 20% off this week.", marketing: true);
        var reminder = await TemplateAsync("Service reminder", "Your service is due.", marketing: false);

        var ordinary = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Your car is ready", TemplateId: reminder), h.Actor);
        var marketing = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Winter tires 20% off this week.", TemplateId: offer), h.Actor);
        var again = await h.Outbound.QueueAsync(h.Scope, h.Thread.Id, new ComposeRequest("Last days: winter tires 20% off.", TemplateId: offer), h.Actor);

        Assert.Equal("Your car is ready", ordinary.Body);
        Assert.Equal($"Winter tires 20% off this week.\n{Line}", marketing.Body);
        Assert.Equal("Last days: winter tires 20% off.", again.Body);
    }

    [Fact]
    public async Task A_text_that_says_how_to_stop_is_left_alone_and_tells_the_customer_and_a_canceled_text_tells_nobody()
    {
        var lead = await NewLeadAsync("+13125550178");

        // Its own words say how to stop: sent as written, and the number has been told.
        var says = await QueueAsync(lead, "Hi! Text STOP if you'd rather not hear from us.");
        Assert.Equal("Hi! Text STOP if you'd rather not hear from us.", says.Body);
        Assert.True(says.CarriesOptOutLine);
        Assert.Equal("Free Saturday?", (await QueueAsync(lead, "Free Saturday?")).Body);

        var other = await NewLeadAsync("+13125550180");
        var later = await h.Outbound.QueueAsync(h.Scope, other, new ComposeRequest("Hi Nina", SendAtUtc: SendingHarness.Start.AddHours(1)), h.Actor);
        Assert.True(later.CarriesOptOutLine);
        await h.Outbound.CancelAsync(h.Scope, later.Id, h.Actor);

        Assert.True((await QueueAsync(other, "Hi Nina, are you there?")).CarriesOptOutLine);
    }

    [Fact]
    public async Task A_text_too_long_once_the_line_is_added_is_refused_with_the_line_named_and_nothing_saved()
    {
        var lead = await NewLeadAsync("+13125550179");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => QueueAsync(lead, new string('x', MessageBodyLimits.MaxTextLength - 10)));

        Assert.Contains(Line, refused.Errors["Body"].Single());
        await using var db = h.Database.CreateDbContext();
        Assert.False(await db.Messages.AnyAsync(m => m.ThreadId == lead));
    }

    [Fact]
    public async Task A_number_that_texted_another_department_has_texted_the_dealership()
    {
        // Ana texted Sales (the harness's thread); Service writes to her for the first time.
        await using (var db = h.Database.CreateDbContext())
        {
            var service = new Portal.Core.Departments.Department { Name = "Service", TimeZoneId = "America/Chicago", DefaultProviderAccountId = h.Account.Id };
            db.Departments.Add(service);
            db.Threads.Add(new ConversationThread { Id = ServiceThread, DepartmentId = service.Id, CustomerId = h.Customer.Id, LastActivityAt = SendingHarness.Start });
            await db.SaveChangesAsync();
        }

        var fromService = await QueueAsync(ServiceThread, "Your oil change is due");

        Assert.Equal("Your oil change is due", fromService.Body);
    }

    private static readonly Guid ServiceThread = Guid.NewGuid();

    private Task<Message> QueueAsync(Guid threadId, string body) =>
        h.Outbound.QueueAsync(h.Scope, threadId, new ComposeRequest(body), h.Actor);

    /// <summary>An imported lead who never texted, in a conversation of the harness's department.</summary>
    private async Task<Guid> NewLeadAsync(string phone)
    {
        await using var db = h.Database.CreateDbContext();
        var lead = new Customer { FirstName = "Nina", Phone = phone };
        var thread = new ConversationThread { DepartmentId = h.Department.Id, CustomerId = lead.Id, LastActivityAt = SendingHarness.Start };
        db.Customers.Add(lead);
        db.Threads.Add(thread);
        await db.SaveChangesAsync();
        return thread.Id;
    }

    private async Task<Guid> TemplateAsync(string name, string body, bool marketing)
    {
        await using var db = h.Database.CreateDbContext();
        var template = new Template { Name = name, Body = body, DepartmentId = h.Department.Id, IsMarketing = marketing };
        db.Templates.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    }
}
