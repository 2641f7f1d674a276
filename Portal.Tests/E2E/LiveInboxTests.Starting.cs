using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task A_new_conversation_from_the_inbox_sends_its_first_text_and_a_number_already_known_finds_that_customer()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await SignInAsync(page, baseUrl, "staff.service@demo.portal", PortalFactory.DemoPassword);
        await page.WaitForSelectorAsync(".inbox[data-live=true] li.thread-row");

        await page.GetByTestId("new-conversation").ClickAsync();
        await page.GetByLabel("Customer's name or mobile number").FillAsync("(312) 555-0142");
        await page.GetByTestId("new-number").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.GetByLabel("First name").FillAsync("Nina");
        await page.GetByLabel("Last name").FillAsync("Hyatt");
        await page.GetByLabel("First text").FillAsync("Hi Nina, your Civic is ready for pickup.");
        await page.GetByTestId("start-conversation").ClickAsync();

        await page.Locator(".bubble-row.outbound", new PageLocatorOptions { HasText = "your Civic is ready for pickup" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var threadId = Guid.Parse((await page.GetAttributeAsync(".thread-view", "data-thread-id"))!);
        Assert.EndsWith($"/threads/{threadId}", page.Url);

        // The same number, typed another way: Nina is found, and her conversation opens with the cursor in the composer.
        await page.GotoAsync($"{baseUrl}/conversations/new");
        await page.WaitForSelectorAsync(".new-conversation[data-live=true]");
        await page.GetByLabel("Customer's name or mobile number").FillAsync("312.555.0142");
        await page.GetByTestId("customer-match").Filter(new LocatorFilterOptions { HasText = "Nina Hyatt" }).ClickAsync();
        await page.GetByTestId("start-conversation").ClickAsync();
        await OpensThreadWithCursorAsync(page, threadId, "picked by number");

        var customers = await factory.QueryAsync(db => db.Customers.Where(c => c.Phone == "+13125550142").Select(c => c.Id).ToListAsync());
        Assert.Single(customers);
        var sent = await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.Body == "Hi Nina, your Civic is ready for pickup.\nReply STOP to opt out." && m.CarriesOptOutLine));
        Assert.Equal(1, sent);

        // "Text" on the customer's page puts the cursor in the composer too.
        await page.GotoAsync($"{baseUrl}/customers/{customers[0]}");
        await page.WaitForSelectorAsync("[data-live=true] [data-testid=text-customer]");
        await page.GetByTestId("text-customer").ClickAsync();
        await OpensThreadWithCursorAsync(page, threadId, "text from the customer page");
    }

    /// <summary>The conversation shows with the cursor in its composer; a screenshot of the page is kept when it does not.</summary>
    private static async Task OpensThreadWithCursorAsync(IPage page, Guid threadId, string step)
    {
        try
        {
            await page.Locator($".thread-view[data-thread-id='{threadId}'] .composer textarea").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
            await page.WaitForFunctionAsync("() => document.activeElement?.matches('.thread-view .composer textarea')", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"failed-{step.Replace(' ', '-')}.png") });
            throw new TimeoutException($"After the {step}, the conversation did not open with the cursor in its composer; the page was at {page.Url}.");
        }
    }
}

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task Two_tabs_of_one_user_show_the_same_unread_count_after_one_of_them_reads()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        var first = await context.NewPageAsync();
        await SignInAsync(first, baseUrl, "staff.service@demo.portal", PortalFactory.DemoPassword);
        var second = await context.NewPageAsync();
        await second.GotoAsync($"{baseUrl}/customers");
        await second.WaitForSelectorAsync(".portal-main h5");
        const string count = "() => document.querySelector('.department-item[aria-pressed=true] .department-count')?.textContent?.trim() ?? '0'";
        var before = int.Parse(await first.EvaluateAsync<string>(count));
        Assert.True(before > 0, "the demo data should leave unread conversations");
        await second.WaitForFunctionAsync($"() => document.title.startsWith('({before})')", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        // The second tab opens an unread conversation; the first tab, left on the inbox, and the second's title follow.
        await second.GotoAsync($"{baseUrl}/inbox");
        await second.Locator("li.thread-row.unread").First.ClickAsync();
        await first.WaitForFunctionAsync($"() => ({count})() === '{before - 1}'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await first.WaitForFunctionAsync($"() => document.title.startsWith('({before - 1})')", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await second.WaitForFunctionAsync($"() => document.title.startsWith('({before - 1})')", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await context.CloseAsync();
    }
}
