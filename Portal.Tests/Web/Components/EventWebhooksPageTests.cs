using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Departments;
using Portal.Core.EventWebhooks;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Infrastructure.Departments;
using Portal.Tests.Infrastructure.EventWebhooks;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin;
using Portal.Web.Security;

namespace Portal.Tests.Web.Components;

public sealed class EventWebhooksPageTests : PortalComponentTest
{
    private EventWebhookHarness h = default!;

    public override async Task InitializeAsync()
    {
        h = await EventWebhookHarness.CreateAsync();
        Services.AddSingleton(h.Admin);
        Services.AddSingleton<IDepartmentAdministration>(new DepartmentAdministration(h.Database));
        Services.AddSingleton<IDepartmentScopeProvider>(new FixedScopeProvider(h.Fixture.AdminScope));
        Services.AddScoped<UserContext>();
        Context.AddAuthorization().SetAuthorized("Ada Admin").SetRoles(Roles.Admin);
        RenderProviders();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await h.DisposeAsync();
    }

    [Fact]
    public async Task A_refused_url_shows_why_and_writes_nothing()
    {
        var cut = Render<EventWebhooksPage>();
        cut.Find("[data-testid=new-endpoint]").Click();
        InputLabelled(cut, "Endpoint URL").Change("ftp://crm.example.com/hooks");

        await cut.InvokeAsync(() => cut.Find("[data-testid=create-endpoint]").Click());

        cut.WaitForAssertion(() => Assert.Contains("Enter an absolute http:// or https:// URL.", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=created-secret]"));
        Assert.Empty(await h.Admin.ListAsync());
    }

    [Fact]
    public async Task A_new_endpoint_shows_its_secret_once_and_is_listed_with_its_events()
    {
        var cut = Render<EventWebhooksPage>();
        cut.Find("[data-testid=new-endpoint]").Click();
        InputLabelled(cut, "Endpoint URL").Change(h.ReceiverUrl);
        await cut.InvokeAsync(() => cut.FindAll("input[type=checkbox]").First().Change(false));

        await cut.InvokeAsync(() => cut.Find("[data-testid=create-endpoint]").Click());

        var shown = cut.WaitForElement("[data-testid=created-secret] code").TextContent.Trim();
        Assert.StartsWith("whsec_", shown);
        var listed = Assert.Single(await h.Admin.ListAsync());
        Assert.Equal(h.ReceiverUrl, listed.Url);
        Assert.Equal(EventWebhookTypes.All & ~EventWebhookTypes.MessageReceived, listed.EventTypes);
        var table = cut.Find("[data-testid=endpoints]").TextContent;
        Assert.Contains(h.ReceiverUrl, table);
        Assert.Contains("thread.closed", table);
        Assert.DoesNotContain("message.received", table);
        Assert.DoesNotContain(shown, table);

        var rerendered = Render<EventWebhooksPage>();
        Assert.DoesNotContain(shown, rerendered.Markup);
    }

    [Fact]
    public async Task Deliveries_show_each_attempt_and_a_replay_sends_again()
    {
        await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        h.Receiver.Then(new FakeResponse(503, "try later"));
        var text = DataBuilder.Inbound(h.Fixture.AnaSales, "Is the Camry available?", EventWebhookHarness.Start.UtcDateTime);
        await h.Outbox.RecordAsync(ConversationEvents.MessageAdded(text, h.Fixture.AnaSales, h.Fixture.Ana));
        await h.RunJobsAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        await h.RunJobsAsync();

        var cut = Render<EventWebhooksPage>();
        var row = cut.Find("[data-testid=deliveries]").TextContent;
        Assert.Contains("message.received", row);
        Assert.Contains("Delivered", row);
        await cut.InvokeAsync(() => cut.FindAll("[data-testid=deliveries] button").Single(b => b.TextContent.Trim() == "Attempts").Click());

        var attempts = cut.WaitForElement("[data-testid=attempts]").TextContent;
        Assert.Contains("503", attempts);
        Assert.Contains("try later", attempts);
        Assert.Contains("200", attempts);
        Assert.Contains("Is the Camry available?", attempts);

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=deliveries] button").Single(b => b.TextContent.Trim() == "Replay").Click());
        cut.WaitForAssertion(() => Assert.Contains("Pending", cut.Find("[data-testid=deliveries]").TextContent));
        await h.RunJobsAsync();
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Refresh").Click());

        cut.WaitForAssertion(() => Assert.Contains("Delivered", cut.Find("[data-testid=deliveries]").TextContent));
        Assert.Equal(3, h.Receiver.Sends().Count);
        Assert.Single(h.Receiver.Sends().Select(r => r.Headers["webhook-id"]).Distinct());
    }

    [Fact]
    public async Task A_test_event_goes_to_the_endpoint_signed_and_shows_among_the_deliveries()
    {
        var created = await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        var cut = Render<EventWebhooksPage>();
        Assert.NotNull(cut.Find($"[data-testid=endpoints] button[aria-label='Copy the endpoint URL']"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=send-test]").Click());
        await h.RunJobsAsync();
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Refresh").Click());

        cut.WaitForAssertion(() => Assert.Contains("webhook.test", cut.Find("[data-testid=deliveries]").TextContent));
        Assert.Contains("Delivered", cut.Find("[data-testid=deliveries]").TextContent);
        var sent = Assert.Single(h.Receiver.Sends());
        Assert.Contains("\"type\":\"webhook.test\"", sent.Body);
        Assert.Contains("sent by Ada Admin", sent.Body);
        Assert.True(EventWebhookHarness.SignatureIsValid(created.Secret, sent));

        // A disabled endpoint is not sent one.
        await h.Admin.SetEnabledAsync(created.SubscriptionId, false);
        await Assert.ThrowsAsync<Portal.Core.Common.DomainException>(() => h.Admin.SendTestAsync(created.SubscriptionId, "Ada Admin"));
    }

    [Fact]
    public async Task Acting_on_an_endpoint_deleted_meanwhile_says_so_and_the_page_carries_on()
    {
        var created = await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        var cut = Render<EventWebhooksPage>();
        await h.Admin.DeleteAsync(created.SubscriptionId); // another admin, another instance

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=endpoints] button").Single(b => b.TextContent.Trim() == "Disable").Click());

        var snackbar = Context.Services.GetRequiredService<MudBlazor.ISnackbar>();
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("was not found") == true));
        cut.WaitForAssertion(() => Assert.DoesNotContain(h.ReceiverUrl, cut.Find("[data-testid=endpoints]").TextContent));
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Refresh").Click());
    }

    [Fact]
    public async Task Delete_asks_first_and_cancelling_keeps_the_endpoint()
    {
        await h.SubscribeAsync(h.Fixture.Sales.Id, EventWebhookTypes.MessageReceived);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<EventWebhooksPage>();

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=endpoints] button").Single(b => b.TextContent.Trim() == "Delete").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Its pending deliveries are not sent", dialogs.Markup));
        await cut.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        Assert.Single(await h.Admin.ListAsync());

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=endpoints] button").Single(b => b.TextContent.Trim() == "Delete").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Its pending deliveries are not sent", dialogs.Markup));
        await cut.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click());

        cut.WaitForAssertion(() => Assert.Empty(h.Admin.ListAsync().GetAwaiter().GetResult()));
    }
}
