using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Tests.Support;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task Waiting_now_on_the_reports_page_gains_a_row_when_a_customer_texts_and_loses_it_when_staff_answer()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var manager = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(manager, baseUrl, "manager.service@demo.portal", PortalFactory.DemoPassword);
        await manager.GotoAsync($"{baseUrl}/reports");
        await manager.WaitForSelectorAsync("[data-testid=waiting-count]");
        // Live once the page's circuit has rendered its department list (interactive) and subscribed.
        await manager.WaitForFunctionAsync("() => window.Blazor && document.querySelector('[data-testid=report-department]')");

        var phone = $"+1312555{Random.Shared.Next(1000, 9999)}";
        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var http = new HttpClient();
        using (var request = ConfiguredAccounts.SignedInbound(baseUrl + path, path, SigningKey, $"SM{Guid.NewGuid():N}", phone, "Is anyone there? My car won't start"))
        {
            Assert.True((await http.SendAsync(request)).IsSuccessStatusCode);
        }

        var threadId = await factory.QueryAsync(db => db.Threads.Where(t => t.Customer!.Phone == phone).Select(t => t.Id).SingleAsync());
        var row = manager.Locator($"[data-testid=waiting-row][data-thread-id='{threadId}']");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains("under a minute", await row.TextContentAsync());

        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "reports-waiting-now-laptop-1366x800.png"), FullPage = true });
        await manager.SetViewportSizeAsync(390, 844);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "reports-waiting-now-phone-390x844.png"), FullPage = true });

        // An advisor answers in another browser: the row goes from the manager's page without a reload.
        var advisor = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(advisor, baseUrl, "staff.service@demo.portal", PortalFactory.DemoPassword);
        await advisor.GotoAsync($"{baseUrl}/threads/{threadId}");
        await advisor.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea:not([disabled])");
        await advisor.FillAsync(".composer textarea", "Sorry to hear that, we'll send roadside assistance");
        await advisor.PressAsync(".composer textarea", "Enter");

        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 15_000 });
    }

    [Fact]
    public async Task The_reports_charts_heat_map_and_campaign_render_from_the_demo_history_on_a_laptop_and_a_phone()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var manager = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(manager, baseUrl, "manager.sales@demo.portal", PortalFactory.DemoPassword);
        await manager.GotoAsync($"{baseUrl}/reports");
        // The filters answer once the page is interactive (the first render is the server's HTML).
        await manager.WaitForSelectorAsync(".reports[data-live=true] [data-testid=texts-in]");
        await manager.SelectOptionAsync("[data-testid=report-period]", "Last30Days");

        await manager.WaitForSelectorAsync("[data-testid=campaign-row]");
        foreach (var chart in new[] { "volume-by-day", "delivery-chart", "campaign-chart", "response-distribution" })
        {
            Assert.True(await manager.Locator($"[data-testid={chart}] svg").CountAsync() == 1, $"{chart} has no chart");
        }

        Assert.Contains("Winter tire event", await manager.Locator("[data-testid=campaign-row]").First.TextContentAsync());
        Assert.Equal(168, await manager.Locator("[data-testid=volume-heat-map] td").CountAsync());
        Assert.DoesNotContain("Service", await manager.Locator("[data-testid=volume-table]").TextContentAsync());

        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "reports-30-days-laptop-1366x800.png"), FullPage = true });
        await manager.SetViewportSizeAsync(390, 844);
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "reports-30-days-phone-390x844.png"), FullPage = true });
        // Nothing wider than the phone but the tables and the heat map, which scroll sideways in their own boxes.
        Assert.True(await manager.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));
    }
}
