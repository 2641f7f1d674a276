using MudBlazor.Extensions;
using Bunit.TestDoubles;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Threads;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Inbox;

namespace Portal.Tests.Web.Components;

public class MessageComposerTests : PortalComponentTest
{
    private InboxFixture f = default!;
    private RecordingJobScheduler jobs = default!;
    private BunitAuthorizationContext auth = default!;
    private IRenderedComponent<MudBlazor.MudPopoverProvider> providers = default!;

    public override async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        var simulator = new ProviderAccount { Kind = SimulatorModule.Kind, Name = "Sales texting", DepartmentId = f.Sales.Id, FromNumber = "+13125550100" };
        await f.Database.SeedAsync(simulator);
        // 15:00 in Chicago: inside the department's sending hours, whenever the test runs.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
        Services.AddSingleton<TimeProvider>(clock);
        jobs = AddPortalServices(f.Database, clock);
        auth = Context.AddAuthorization();
        providers = RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    private IRenderedComponent<MessageComposer> RenderComposer() => Render<MessageComposer>(p => p
        .Add(c => c.Detail, new ThreadDetail(f.AnaSales, f.Ana, f.Sales, [], null, [], []))
        .Add(c => c.Scope, f.SalesScope)
        .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));

    [Theory]
    [InlineData("Hello", "5 characters · 1 segment · GSM-7")]
    [InlineData("Price is €20", "12 characters · 1 segment · GSM-7")]
    [InlineData("Your car is ready 🚗", "19 characters · 1 segment · Unicode")]
    public void The_counter_shows_length_segments_and_encoding(string text, string expected)
    {
        var cut = RenderComposer();

        cut.Find(".composer textarea").Input(text);

        Assert.StartsWith(expected, cut.Find("[data-testid=segment-counter]").TextContent.Trim());
    }

    [Fact]
    public void Long_texts_split_into_153_character_gsm_segments_and_67_character_unicode_segments()
    {
        var cut = RenderComposer();

        cut.Find(".composer textarea").Input(new string('a', 161));
        Assert.StartsWith("161 characters · 2 segments · GSM-7", cut.Find("[data-testid=segment-counter]").TextContent.Trim());

        // 71 characters to a person; the emoji takes two UCS-2 units, so the carrier counts 72 and splits it.
        cut.Find(".composer textarea").Input(new string('a', 70) + "😀");
        Assert.StartsWith("71 characters · 2 segments · Unicode", cut.Find("[data-testid=segment-counter]").TextContent.Trim());
    }

    [Fact]
    public async Task An_empty_message_is_not_sent()
    {
        var cut = RenderComposer();

        cut.Find("[data-testid=send-now]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Write a message or attach a file.", cut.Markup));
        Assert.Empty(jobs.Sends);
        await using var db = f.Database.CreateDbContext();
        Assert.False(await db.Messages.AnyAsync(m => m.Direction == MessageDirection.Outbound));
    }

    [Fact]
    public async Task Send_queues_the_text_and_hands_its_id_to_a_job()
    {
        var cut = RenderComposer();

        cut.Find(".composer textarea").Input("Your car is ready");
        cut.Find("[data-testid=send-now]").Click();

        cut.WaitForAssertion(() => Assert.Single(jobs.Sends));
        await using var db = f.Database.CreateDbContext();
        var message = await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Outbound);
        Assert.Equal("Your car is ready", message.Body);
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(message.Id, jobs.Sends.Single().MessageId);
        Assert.Empty(cut.Find(".composer textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task A_first_text_handed_over_by_new_conversation_goes_out_through_the_composer_once()
    {
        Context.Services.GetRequiredService<ComposerHandoff>().Offer(f.AnaSales.Id, "Hi Ana, this is Sam from the dealership.");

        var cut = RenderComposer();

        cut.WaitForAssertion(() => Assert.Single(jobs.Sends));
        cut.Render();
        Assert.Single(jobs.Sends);
        await using var db = f.Database.CreateDbContext();
        Assert.Equal("Hi Ana, this is Sam from the dealership.", (await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Outbound)).Body);
        Assert.Contains(Context.JSInterop.Invocations, i => i.Identifier == "portalComposer.focus");
    }

    [Fact]
    public void Send_later_shows_the_schedule_picker_in_the_departments_time_zone()
    {
        var cut = RenderComposer();
        Assert.Empty(cut.FindAll("[data-testid=schedule-picker]"));

        cut.Find("[data-testid=send-later]").Click();

        var picker = cut.Find("[data-testid=schedule-picker]");
        Assert.Contains("America/Chicago", picker.TextContent);
        Assert.NotNull(cut.Find("[data-testid=schedule-send]"));

        // 21:00 UTC is 3 PM in Chicago: today there is the first day offered, and no past day.
        var dates = cut.FindComponent<MudBlazor.MudDatePicker>().Instance;
        Assert.Equal(new DateTime(2026, 11, 23), dates.GetState(x => x.MinDate));
        Assert.Equal(new DateTime(2026, 11, 23).AddDays(60), dates.GetState(x => x.MaxDate));
    }

    [Fact]
    public void An_opted_out_customer_cannot_be_texted()
    {
        f.Ana.Consent = Portal.Core.Customers.ConsentStatus.OptedOut;
        var cut = RenderComposer();

        Assert.Contains("opted out", cut.Find("[data-testid=composer-opted-out]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=send-now]"));
    }

    [Fact]
    public async Task A_picked_photo_attaches_as_a_chip_and_sends_with_the_text_and_an_oversize_one_says_why()
    {
        var cut = RenderComposer();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromBinary(png, "scratch.png", contentType: "image/png"));

        cut.WaitForAssertion(() => Assert.Contains("scratch.png", cut.Find(".mud-chip").TextContent));
        cut.Find(".composer textarea").Input("Here is the photo");
        cut.Find("[data-testid=send-now]").Click();
        cut.WaitForAssertion(() => Assert.Single(jobs.Sends));
        await using var db = f.Database.CreateDbContext();
        var sent = await db.Messages.SingleAsync(m => m.Body == "Here is the photo");
        Assert.Equal("scratch.png", Assert.Single(sent.Attachments).FileName);

        var tooBig = new byte[Portal.Core.Messages.IMediaStore.MaxBytes + 1];
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromBinary(tooBig, "huge.png", contentType: "image/png"));
        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("huge.png is larger than 5 MB") == true));
        Assert.DoesNotContain("huge.png", cut.Markup);
    }

    [Fact]
    public void A_text_over_the_limit_says_so_as_it_is_typed_and_cannot_be_sent()
    {
        var cut = RenderComposer();

        cut.Find(".composer textarea").Input(new string('a', Portal.Core.Messages.MessageBodyLimits.MaxTextLength + 1));

        Assert.Contains("over the 1,600 the portal sends", cut.Find("[data-testid=too-long]").TextContent);
        Assert.True(cut.Find("[data-testid=send-now]").HasAttribute("disabled"));
        cut.Find(".composer textarea").Input("Short again");
        Assert.Empty(cut.FindAll("[data-testid=too-long]"));
        Assert.False(cut.Find("[data-testid=send-now]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_managers_send_later_outside_sending_hours_says_the_real_time_before_scheduling()
    {
        auth.SetAuthorized("Mia Manager").SetRoles(Portal.Core.Security.Roles.Manager);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = RenderComposer();
        cut.Find(".composer textarea").Input("Your service is due");
        cut.Find("[data-testid=send-later]").Click();
        // 11:30 PM in Chicago on the test's day: after the 9 PM close of the sending hours.
        SetField(cut.Instance, "scheduleDate", new DateTime(2026, 11, 23));
        SetField(cut.Instance, "scheduleTime", new TimeSpan(23, 30, 0));

        cut.Find("[data-testid=schedule-send]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("would go out", dialogs.Markup));
        Assert.Contains("8:00 AM", dialogs.Markup);
        Assert.Empty(jobs.Sends);
        dialogs.FindAll("button").First(b => b.TextContent.StartsWith("Schedule for", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Single(jobs.Sends));
        await using var db = f.Database.CreateDbContext();
        var scheduled = await db.Messages.SingleAsync(m => m.Body == "Your service is due");
        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc), scheduled.SendAt);
        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("8:00 AM") == true);
    }

    private static void SetField(object component, string name, object value) =>
        component.GetType().GetField(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.SetValue(component, value);
    [Fact]
    public async Task To_a_number_that_never_texted_the_counter_counts_the_opt_out_line_says_why_and_the_text_goes_with_it()
    {
        var lead = new Portal.Core.Customers.Customer { FirstName = "Nina", LastName = "Lead", Phone = "+13125550188" };
        var thread = new ConversationThread { DepartmentId = f.Sales.Id, CustomerId = lead.Id, LastActivityAt = InboxFixture.Now };
        await f.Database.SeedAsync(lead, thread);
        var cut = Render<MessageComposer>(p => p
            .Add(c => c.Detail, new ThreadDetail(thread, lead, f.Sales, [], null, [], []))
            .Add(c => c.Scope, f.SalesScope)
            .Add(c => c.Actor, new Actor(f.SalesRep.Id, "Sam Sales")));

        cut.Find(".composer textarea").Input(new string('a', 140));

        // 140 + a line break + "Reply STOP to opt out." (22) = 163: two segments, not the one the typed text alone would be.
        Assert.StartsWith("163 characters · 2 segments · GSM-7", cut.Find("[data-testid=segment-counter]").TextContent.Trim());
        Assert.Contains("Nina Lead has never texted the dealership", cut.Find("[data-testid=composer-opt-out-line]").TextContent);

        cut.Find("[data-testid=send-now]").Click();
        cut.WaitForAssertion(() => Assert.Single(jobs.Sends));
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(new string('a', 140) + "\nReply STOP to opt out.", (await db.Messages.SingleAsync(m => m.ThreadId == thread.Id && m.Direction == MessageDirection.Outbound)).Body);

        // Told now: the next text goes as typed, and the counter says so.
        cut.Find(".composer textarea").Input("See you Saturday");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=composer-opt-out-line]")));
        Assert.StartsWith("16 characters · 1 segment", cut.Find("[data-testid=segment-counter]").TextContent.Trim());
    }

    [Fact]
    public async Task A_marketing_template_adds_the_line_for_a_customer_who_texted_and_an_ordinary_one_does_not()
    {
        await f.Database.SeedAsync(
            new Portal.Core.Templates.Template { Name = "Winter offer", Body = "Winter tires 20% off, {{ customer.first_name }}!", DepartmentId = f.Sales.Id, IsMarketing = true },
            new Portal.Core.Templates.Template { Name = "Car ready", Body = "Your car is ready, {{ customer.first_name }}.", DepartmentId = f.Sales.Id });
        var cut = RenderComposer();

        cut.Find("[aria-label='Insert a template'] button").Click();
        providers.WaitForAssertion(() => Assert.Contains("Winter offer · marketing", providers.Markup));
        providers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Car ready")).Click();
        cut.WaitForAssertion(() => Assert.Equal("Your car is ready, Ana.", cut.Find(".composer textarea").GetAttribute("value")));
        Assert.Empty(cut.FindAll("[data-testid=composer-opt-out-line]"));

        cut.Find("[aria-label='Insert a template'] button").Click();
        providers.WaitForAssertion(() => providers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Winter offer")).Click());
        cut.WaitForAssertion(() => Assert.Contains("the template is marketing", cut.Find("[data-testid=composer-opt-out-line]").TextContent));
        Assert.StartsWith("49 characters · 1 segment", cut.Find("[data-testid=segment-counter]").TextContent.Trim());
    }
}
