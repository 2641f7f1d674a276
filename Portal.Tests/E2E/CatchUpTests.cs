using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Threads;
using Portal.Tests.Support;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

/// <summary>
/// The portal as its own process, killed and started again while a browser has a conversation open: the page says it
/// is reconnecting, then shows every text that came meanwhile exactly once, in the same conversation, draft kept.
/// </summary>
[Trait(TestCost.Trait, TestCost.Browser)]
[Collection(ChromiumCollection.Name)]
public sealed class CatchUpTests : IAsyncLifetime
{
    private static readonly Guid SignalWireId = Guid.Parse("5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d");
    private const string SigningKey = "catch-up-key";
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-catchup-{Guid.NewGuid():N}.db");
    private readonly int port = PortalProcess.FreePort();
    private Process portal = default!;

    // Development: a build's static files (scripts, styles) are served from the build output only there.
    private static Dictionary<string, string?> Settings()
    {
        var settings = ConfiguredAccounts.SignalWire(SignalWireId, SigningKey);
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        return settings;
    }
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        portal = PortalProcess.Start(port, databasePath, Settings());
        await PortalProcess.WaitHealthyAsync(port);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = LiveInboxTests.ChromiumPath(),
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await PortalProcess.KillAsync(portal);
        PortalFactory.DeleteDatabase(databasePath);
    }

    [Fact]
    public async Task A_page_that_lost_the_portal_to_a_restart_shows_every_text_sent_meanwhile_once_in_the_same_conversation_with_its_draft()
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        (Guid Id, string Phone) thread;
        await using (var db = PortalProcess.Database(databasePath))
        {
            thread = await db.Threads.AsNoTracking()
                .Where(t => t.Department!.Name == "Service" && t.Status == ThreadStatus.Open && t.Customer!.Phone != null)
                .OrderByDescending(t => t.LastActivityAt).Select(t => new ValueTuple<Guid, string>(t.Id, t.Customer!.Phone!)).FirstAsync();
        }

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", "staff.service@demo.portal");
        await page.FillAsync("#password", PortalFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".inbox[data-live=true]");
        await page.GotoAsync($"{baseUrl}/threads/{thread.Id}");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea");
        await page.Locator(".composer textarea").PressSequentiallyAsync("Your loaner is ready");

        // The portal goes away (a crash, a deploy): the page says so and keeps what it shows.
        await PortalProcess.KillAsync(portal);
        await page.Locator("[data-testid=reconnecting]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        var folder = Path.Combine(Portal.Tests.Architecture.LayeringTests.SolutionRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "reconnecting-laptop-1366x800.png") });

        // It comes back, and the customer texts three times before the page is connected again.
        await context.SetOfflineAsync(true);
        portal = PortalProcess.Start(port, databasePath, Settings());
        await PortalProcess.WaitHealthyAsync(port);
        using (var http = new HttpClient { BaseAddress = new Uri(baseUrl) })
        {
            var path = $"/webhooks/signalwire/{SignalWireId}/messages";
            for (var i = 1; i <= 3; i++)
            {
                using var request = ConfiguredAccounts.SignedInbound(path, path, SigningKey, $"SM-missed-{i}", thread.Phone, $"Missed text {i}");
                Assert.True((await http.SendAsync(request)).IsSuccessStatusCode);
            }
        }

        await context.SetOfflineAsync(false);
        var messages = page.Locator(".thread-messages");
        var deadline = Stopwatch.StartNew();
        while (!(await messages.TextContentAsync() ?? "").Contains("Missed text 3"))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "The missed texts did not show within a minute of the portal coming back.");
            await Task.Delay(250);
        }

        var shown = await messages.TextContentAsync() ?? "";
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(1, CountOf(shown, $"Missed text {i}"));
        }

        Assert.Contains($"/threads/{thread.Id}", page.Url);
        var draft = page.Locator(".composer textarea");
        var waited = Stopwatch.StartNew();
        while (await draft.InputValueAsync() != "Your loaner is ready" && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(200);
        }

        Assert.Equal("Your loaner is ready", await draft.InputValueAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "caught-up-laptop-1366x800.png") });
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
