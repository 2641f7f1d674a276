using Microsoft.Playwright;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task The_API_reference_renders_its_operations_under_the_portals_content_security_policy()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Url.StartsWith(baseUrl, StringComparison.Ordinal))
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };

        var answer = await page.GotoAsync($"{baseUrl}/api/reference");

        Assert.Contains("script-src 'self'", answer!.Headers["content-security-policy"]);
        await page.GetByText("Send a text to a customer now or later").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.GetByText("/api/v1/departments").First.WaitForAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task Typing_right_after_clicking_a_field_or_clearing_the_search_keeps_every_letter()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, "manager.sales@demo.portal", Portal.Tests.Web.Integration.PortalFactory.DemoPassword);

        // Two words of a Sales customer's text, typed in the other order.
        var body = await factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Messages.Where(m => m.Direction == Portal.Core.Messages.MessageDirection.Inbound && m.Body.Length > 25 && db.Threads.Any(t => t.Id == m.ThreadId && t.Department!.Name == "Sales"))
                .Select(m => m.Body)));
        var words = body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim(',', '.', '?', '!')).Where(w => w.Length >= 3 && w.All(char.IsLetter)).Take(2).ToArray();
        var typed = $"{words[1]} {words[0]}";
        var search = page.GetByTestId("inbox-search");
        await search.FillAsync("zzzz-nothing");
        await page.Locator(".thread-list-empty").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await search.FillAsync("");
        await search.PressSequentiallyAsync(typed, new LocatorPressSequentiallyOptions { Delay = 15 });
        // Once the list shows the new search, the box must still hold every letter typed.
        try
        {
            await page.Locator("li.thread-row").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(LayeringRoot(), "artifacts", "screenshots", "failed-search.png") });
            throw new TimeoutException($"No row for '{typed}' (from '{body}'); the box holds '{await search.InputValueAsync()}'.");
        }
        Assert.Equal(typed, await search.InputValueAsync());

        await page.GotoAsync($"{baseUrl}/templates");
        await page.WaitForSelectorAsync("[data-testid=new-template]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.GetByTestId("new-template").ClickAsync();
        var preview = page.GetByLabel("Preview for customer");
        await preview.ClickAsync();
        var name = await factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Threads.Where(t => t.Department!.Name == "Sales").Select(t => t.Customer!.LastName)));
        await page.Keyboard.TypeAsync(name);
        await page.GetByTestId("customer-match").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal(name, await preview.InputValueAsync());
    }
}
