using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Customers;
using Portal.Core.Threads;
using Portal.Tests.Support;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task A_marketing_template_and_a_first_text_say_before_sending_that_they_end_with_the_opt_out_line()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var threadId = await factory.QueryAsync(async db =>
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var kai = new Customer { FirstName = "Kai", LastName = "Palmer", Phone = "+13125550172" };
            var thread = new ConversationThread { DepartmentId = sales.Id, CustomerId = kai.Id, LastActivityAt = factory.Clock.GetUtcNow().UtcDateTime };
            db.Customers.Add(kai);
            db.Threads.Add(thread);
            db.Messages.Add(DataBuilder.Inbound(thread, "Any deals on tires?", factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(-20)));
            await db.SaveChangesAsync();
            return thread.Id;
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, "manager.sales@demo.portal", PortalFactory.DemoPassword);
        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);

        // A manager marks a template as marketing: its preview and count carry the line.
        await page.GotoAsync($"{baseUrl}/templates");
        await page.WaitForSelectorAsync(".templates-page[data-live=true]");
        await page.GetByTestId("new-template").ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Tire offer");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Winter tires 20% off this week, {{ customer.first_name }}!");
        await page.GetByText("Marketing (an offer, an event)").ClickAsync();
        var preview = page.GetByTestId("template-preview");
        await Assertions.Expect(preview).ToContainTextAsync("Winter tires 20% off this week, Jordan!\nReply STOP to opt out.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "opt-out-line-template-laptop-1366x800.png") });
        await page.GetByTestId("save-template").ClickAsync();
        await Assertions.Expect(page.GetByTestId("template-marketing-chip")).ToBeVisibleAsync();

        // In a conversation Kai began, the template's text is counted with the line, and goes with it.
        await page.GotoAsync($"{baseUrl}/threads/{threadId}");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea:not([disabled])");
        await page.GetByRole(AriaRole.Button, new() { Name = "Templates" }).ClickAsync();
        await page.GetByText("Tire offer · marketing").ClickAsync();
        var note = page.GetByTestId("composer-opt-out-line");
        await Assertions.Expect(note).ToContainTextAsync("Ends with “Reply STOP to opt out.” (the template is marketing)");
        // 36 characters of offer, a line break and the 22 of the line.
        await Assertions.Expect(page.GetByTestId("segment-counter")).ToContainTextAsync("59 characters · 1 segment");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "opt-out-line-composer-laptop-1366x800.png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "opt-out-line-composer-phone-390x844.png") });
        await page.GetByTestId("send-now").ClickAsync();
        await page.Locator(".bubble-row.outbound", new PageLocatorOptions { HasText = "Reply STOP to opt out." }).WaitForAsync();
        Assert.Equal("Winter tires 20% off this week, Kai!\nReply STOP to opt out.",
            await factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == threadId && m.CarriesOptOutLine).Select(m => m.Body).SingleAsync()));

        // A first text to a number nobody has texted from is counted with the line before it is sent.
        await page.GotoAsync($"{baseUrl}/conversations/new");
        await page.WaitForSelectorAsync(".new-conversation[data-live=true]");
        await page.GetByLabel("Customer's name or mobile number").FillAsync("312 555 0173");
        await page.GetByLabel("First text").FillAsync("Hi, this is the dealership about your trade-in.");
        await Assertions.Expect(page.Locator(".new-conversation")).ToContainTextAsync("with “Reply STOP to opt out.” added: this number has not texted the dealership");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "opt-out-line-first-text-phone-390x844.png") });
    }
}
