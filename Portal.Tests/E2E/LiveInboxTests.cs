using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Tests.Support;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

/// <summary>
/// Debian's Chromium, driven by Playwright, against the real app on Kestrel: a signed webhook shows up in the inbox
/// and in the open thread without a reload.
/// </summary>
[Trait(TestCost.Trait, TestCost.Browser)]
[Collection(ChromiumCollection.Name)]
public sealed partial class LiveInboxTests : IAsyncLifetime
{
    private static readonly Guid SignalWireId = Guid.Parse("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b");
    private const string SigningKey = "e2e-signing-key";

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-e2e-{Guid.NewGuid():N}.db");
    private PortalFactory factory = default!;
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        factory = new PortalFactory(databasePath, ConfiguredAccounts.SignalWire(SignalWireId, SigningKey));
        factory.UseKestrel(0);
        factory.StartServer();

        // Replies from the test must not depend on the time of day the test runs at.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<Portal.Infrastructure.Persistence.PortalDbContext>>().CreateDbContextAsync())
        {
            var service = await db.Departments.SingleAsync(d => d.Name == "Service");
            service.SendingHours = new Portal.Core.Departments.SendingHours(new TimeOnly(0, 0), new TimeOnly(23, 59, 59));
            await db.SaveChangesAsync();
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    [Fact]
    public async Task A_signed_inbound_webhook_appears_in_the_inbox_and_the_open_thread_without_reloading()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 850 } });
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (blocked)
                {
                    blocked.Add(message.Text);
                }
            }
        };
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", "staff.service@demo.portal");
        await page.FillAsync("#password", PortalFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("li.thread-row");

        // Open the newest conversation once the page is live (its circuit connected and subscribed to events).
        await page.WaitForSelectorAsync(".inbox[data-live=true]");
        await page.ClickAsync("li.thread-row >> nth=0");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea");
        var threadId = Guid.Parse((await page.GetAttributeAsync(".thread-view", "data-thread-id"))!);
        var phone = await factory.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.Customer!.Phone!).SingleAsync());
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        var text = $"Is the loaner ready? {Guid.NewGuid():N}"[..32];
        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var http = new HttpClient();
        using var request = ConfiguredAccounts.SignedInbound(baseUrl + path, path, SigningKey, $"SM{Guid.NewGuid():N}", phone, text);
        var clock = Stopwatch.StartNew();
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}");

        var bubble = page.Locator(".thread-messages .bubble-row.inbound .bubble-body", new PageLocatorOptions { HasText = text });
        try
        {
            await bubble.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            var stored = await factory.QueryAsync(db => db.Messages.Where(m => m.Body == text).Select(m => new { m.ThreadId, m.Status }).ToListAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "e2e-failure.png") });
            Assert.Fail($"Not shown. Open thread {threadId}; stored: {string.Join(", ", stored)}; url {page.Url}");
        }
        var visibleAfter = clock.Elapsed;
        var row = page.Locator($"li.thread-row[data-thread-id='{threadId}'] .thread-preview", new PageLocatorOptions { HasText = text });
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

        Assert.Equal(0, navigations);
        Assert.Empty(blocked);

        // Enter sends the reply (Shift+Enter would start a new line); it appears at once, without a reload.
        var reply = $"On its way {Guid.NewGuid():N}"[..20];
        await page.FillAsync(".composer textarea", reply);
        await page.PressAsync(".composer textarea", "Enter");
        await page.Locator(".thread-messages .bubble-row.outbound .bubble-body", new PageLocatorOptions { HasText = reply })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.Body == reply && m.ThreadId == threadId)));

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-live-inbound.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        Console.WriteLine($"Webhook → visible in the thread after {visibleAfter.TotalMilliseconds:F0} ms; screenshot {screenshot}");
    }

    [Fact]
    public async Task A_thread_opens_at_its_newest_message_and_a_reader_who_scrolled_up_gets_a_marker_instead_of_a_jump()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var (threadId, phone) = await factory.QueryAsync(db => db.Threads.Where(t => t.Department!.Name == "Service" && t.Customer!.Phone != null)
            .Select(t => new { t.Id, t.Customer!.Phone }).FirstAsync().ContinueWith(r => (r.Result.Id, r.Result.Phone!)));
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<Portal.Infrastructure.Persistence.PortalDbContext>>().CreateDbContextAsync())
        {
            for (var i = 0; i < 40; i++)
            {
                db.Messages.Add(Portal.Core.Messages.Message.Create(threadId, Portal.Core.Messages.MessageDirection.Inbound, Portal.Core.Messages.MessageKind.Text,
                    $"Earlier message {i}", Portal.Core.Messages.MessageStatus.Received, factory.Clock.UtcNow.AddHours(-2).AddMinutes(i)));
            }

            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await page.GotoAsync($"{baseUrl}/Account/Login?ReturnUrl=%2Fthreads%2F{threadId}");
        await page.FillAsync("#email", "staff.service@demo.portal");
        await page.FillAsync("#password", PortalFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea");
        const string atBottom = "() => { const l = document.querySelector('.thread-messages'); return l.scrollHeight > l.clientHeight && l.scrollHeight - l.scrollTop - l.clientHeight < 48; }";
        await page.WaitForFunctionAsync(atBottom, null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        await page.EvaluateAsync("() => { const l = document.querySelector('.thread-messages'); l.scrollTop = 0; l.dispatchEvent(new Event('scroll')); }");
        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var http = new HttpClient();
        using var request = ConfiguredAccounts.SignedInbound(baseUrl + path, path, SigningKey, $"SM{Guid.NewGuid():N}", phone, "Arrived while scrolled up");
        Assert.True((await http.SendAsync(request)).IsSuccessStatusCode);

        var marker = page.Locator("[data-testid=new-messages]");
        await marker.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('.thread-messages').scrollTop < 50"));
        await marker.ClickAsync();
        await page.WaitForFunctionAsync(atBottom, null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.False(await marker.IsVisibleAsync());
    }

    [Theory]
    [InlineData(1366, 800, "laptop")]
    [InlineData(390, 844, "phone")]
    public async Task Screenshots_of_the_inbox_and_a_thread_are_kept_as_artifacts(int width, int height, string device)
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var threadId = await factory.QueryAsync(db => db.Threads.Where(t => t.Department!.Name == "Service").OrderByDescending(t => t.LastActivityAt).Select(t => t.Id).FirstAsync());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", "staff.service@demo.portal");
        await page.FillAsync("#password", PortalFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".inbox[data-live=true] li.thread-row");
        if (width < 960)
        {
            // The list starts at the screen's edge from the first paint: no rail that then slides away.
            Assert.Equal(0, await page.EvaluateAsync<double>("() => document.querySelector('.inbox-threads').getBoundingClientRect().left"));
        }

        var folder = Path.Combine(Portal.Tests.Architecture.LayeringTests.SolutionRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"inbox-{device}-{width}x{height}.png") });

        // The account button has a name a screen reader can say, and it opens the menu with sign-out.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Account menu", Exact = true }).ClickAsync();
        await page.GetByText("Sign out").WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync($"{baseUrl}/threads/{threadId}");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea");
        var threadShot = Path.Combine(folder, $"thread-{device}-{width}x{height}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = threadShot });

        Assert.True(new FileInfo(threadShot).Length > 10_000);

        // The messages get most of the height, and the app bar names the page.
        var messagesHeight = await page.EvaluateAsync<double>("() => document.querySelector('.thread-messages').getBoundingClientRect().height");
        Assert.True(messagesHeight > height * 0.55, $"The messages get {messagesHeight} of {height} px");
        Assert.Equal("Inbox", (await page.GetByTestId("appbar-page").InnerTextAsync()).Trim());
        await page.GotoAsync($"{baseUrl}/customers");
        await page.WaitForSelectorAsync(".portal-main h5");
        Assert.Equal("Customers", (await page.GetByTestId("appbar-page").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Folded_panes_stay_as_the_user_left_them_across_threads_and_visits()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var threads = await factory.QueryAsync(db => db.Threads.Where(t => t.Department!.Name == "Service").OrderByDescending(t => t.LastActivityAt).Select(t => t.Id).Take(2).ToListAsync());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, "staff.service@demo.portal", PortalFactory.DemoPassword);
        await page.GotoAsync($"{baseUrl}/threads/{threads[0]}");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea");
        // On a laptop the customer panel starts folded away (once the stylesheet has applied).
        await page.Locator(".thread-side").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden, Timeout = 5_000 });
        var departmentsWidth = "() => document.querySelector('.inbox-departments').getBoundingClientRect().width";
        var conversationWidth = "() => document.querySelector('.inbox-thread').getBoundingClientRect().width";
        Assert.True(await page.EvaluateAsync<double>(departmentsWidth) > 100);
        var before = await page.EvaluateAsync<double>(conversationWidth);

        await page.GetByLabel("Hide the departments").ClickAsync();
        await page.GetByLabel("Show the departments").WaitForAsync();
        await page.GetByTestId("customer-toggle").ClickAsync();
        await page.Locator(".thread-side").WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<double>(departmentsWidth));
        Assert.True(await page.EvaluateAsync<double>(conversationWidth) > before + 150);

        // Another thread, then a new visit: both choices hold.
        await page.GotoAsync($"{baseUrl}/threads/{threads[1]}");
        await page.GetByLabel("Show the departments").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.Locator(".thread-side").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal(0, await page.EvaluateAsync<double>(departmentsWidth));

        // Another user on the same browser has their own.
        await page.Context.ClearCookiesAsync();
        await SignInAsync(page, baseUrl, "manager.service@demo.portal", PortalFactory.DemoPassword);
        await page.GetByLabel("Hide the departments").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<double>(departmentsWidth) > 100);
    }
}
