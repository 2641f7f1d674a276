using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Customers;
using Portal.Core.Threads;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task A_reply_to_a_customer_in_Honolulu_at_10_AM_in_Chicago_names_their_6_AM_and_offers_their_8_AM()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var (threadId, customerId) = await factory.QueryAsync(async db =>
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var staff = await db.Users.SingleAsync(u => u.Email == "staff.sales@demo.portal");
            var nina = new Customer { FirstName = "Nina", LastName = "Kahale", Phone = "+13125550171", TimeZoneId = "Pacific/Honolulu" };
            var thread = new ConversationThread { DepartmentId = sales.Id, CustomerId = nina.Id, AssigneeId = staff.Id, LastActivityAt = factory.Clock.GetUtcNow().UtcDateTime };
            db.Customers.Add(nina);
            db.Threads.Add(thread);
            await db.SaveChangesAsync();
            return (thread.Id, nina.Id);
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, "staff.sales@demo.portal", PortalFactory.DemoPassword);

        await page.GotoAsync($"{baseUrl}/threads/{threadId}");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea:not([disabled])");
        // The header says her time before anyone types.
        Assert.Matches(@"6:[0-5]\d AM in Honolulu for them", await page.Locator(".thread-view").First.TextContentAsync());
        await page.FillAsync(".composer textarea", "Aloha Nina, your car is ready");
        await page.PressAsync(".composer textarea", "Enter");

        var dialog = page.Locator(".mud-dialog");
        await dialog.WaitForAsync();
        // The host clock started at 10:00 in Chicago and runs on with the suite: the minutes may have moved.
        Assert.Matches(@"It is 6:[0-5]\d AM in Honolulu for Nina \(10:[0-5]\d AM here\), outside the department's sending hours\.", await dialog.TextContentAsync());
        Assert.Contains("Schedule for their 8:00 AM in Honolulu", await dialog.TextContentAsync());
        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "sending-hours-customer-time-laptop-1366x800.png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "sending-hours-customer-time-phone-390x844.png") });

        // Scheduling for their 8:00 AM holds the text to 18:00 UTC.
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule for their 8:00 AM in Honolulu" }).ClickAsync();
        await page.Locator(".mud-snackbar").WaitForAsync();
        var sendAt = await factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == threadId).Select(m => m.SendAt).SingleAsync());
        Assert.Equal(new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc), sendAt);

        await page.GotoAsync($"{baseUrl}/customers/{customerId}");
        var theirTime = page.Locator("[data-testid=customer-local-time]");
        await theirTime.WaitForAsync();
        Assert.Matches(@"^6:[0-5]\d AM in Honolulu \(set on their record\)$", (await theirTime.TextContentAsync())?.Trim());
        Assert.Equal("Illinois (from their number)", (await page.GetByTestId("customer-region").TextContentAsync())?.Trim());

        // Where she lives is set by name from the list; a department's stricter hours for that place then hold for her.
        await page.GotoAsync($"{baseUrl}/customers/{customerId}/edit");
        await page.WaitForSelectorAsync(".customer-edit[data-live=true]");
        await page.GetByLabel("Lives in (blank: from their number)").FillAsync("Hawaii");
        // The list is every place until the search has run: wait for it to hold only the one, then pick it.
        var places = page.Locator(".mud-popover-open .mud-list-item");
        await Assertions.Expect(places).ToHaveCountAsync(1);
        await places.Filter(new() { HasText = "Hawaii (US-HI)" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Lives in (blank: from their number)")).ToHaveValueAsync("Hawaii (US-HI)");
        await page.Locator(".mud-popover-open").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "sending-hours-lives-in-phone-390x844.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("customer-region")).ToHaveTextAsync("Hawaii (set on their record)");
        Assert.Equal("US-HI", await factory.QueryAsync(db => db.Customers.Where(c => c.Id == customerId).Select(c => c.Region).SingleAsync()));
    }
}
