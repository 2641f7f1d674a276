using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Portal.Tests.Support;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

/// <summary>
/// Debian's Chromium, driven by Playwright, against the real app on Kestrel: a signed webhook shows up in the inbox
/// and in the open thread without a reload.
/// </summary>
[Trait(TestCost.Trait, TestCost.Browser)]
public sealed class LiveInboxTests : IAsyncLifetime
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

    [Fact]
    public async Task The_inbox_thread_customer_and_admin_pages_have_no_serious_accessibility_violations()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var (threadId, customerId) = await factory.QueryAsync(async db => await db.Threads.OrderByDescending(t => t.LastActivityAt).Select(t => new { t.Id, t.CustomerId }).FirstAsync() is var t ? (t.Id, t.CustomerId) : default);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var found = new List<string>();
        foreach (var (path, ready) in new[]
        {
            ("/inbox", ".inbox[data-live=true] li.thread-row"),
            ($"/threads/{threadId}", ".inbox[data-live=true] .thread-view .composer textarea"),
            ($"/customers/{customerId}", "[data-testid=customer-name]"),
            ("/customers", ".portal-main h5"),
            ("/admin/users", ".portal-main h5"),
            ("/admin/departments", ".portal-main h5"),
            ("/admin/providers", ".portal-main h5"),
            ("/admin/webhooks", ".portal-main h5"),
            ("/admin/api-keys", ".portal-main h5"),
            ("/campaigns", ".portal-main h5"),
            ("/campaigns/new", "[data-live] [data-testid=preview-campaign]"),
            ("/templates", ".portal-main h5"),
            ("/leads/import", ".portal-main h5"),
        })
        {
            await page.GotoAsync(baseUrl + path);
            await page.WaitForSelectorAsync(ready, new PageWaitForSelectorOptions { Timeout = 15_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var result = await page.RunAxe();
            found.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task A_manager_previews_schedules_and_watches_a_campaign_go_out_live()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        // Three Sales customers tagged for the test, in a zone where it is midday now, so their sending window is open.
        var noonZone = NoonZone.At(factory.Clock.UtcNow);
        var names = await factory.QueryAsync(async db =>
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var customers = await db.Threads.Where(t => t.DepartmentId == sales.Id && t.Customer!.Consent != Portal.Core.Customers.ConsentStatus.OptedOut && t.Customer.Phone != "+13125550000")
                .Select(t => t.Customer!).Distinct().Take(3).ToListAsync();
            foreach (var customer in customers)
            {
                customer.Tags = [.. customer.Tags, "e2e-campaign"];
                customer.TimeZoneId = noonZone;
            }

            await db.SaveChangesAsync();
            return customers.Select(c => c.FirstName).ToList();
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, "manager.sales@demo.portal", PortalFactory.DemoPassword);

        await page.GotoAsync($"{baseUrl}/campaigns/new");
        await page.WaitForSelectorAsync("[data-live]");
        await page.GetByLabel("Campaign name").FillAsync("Winter service special");
        await page.GetByLabel("Text with merge fields").FillAsync("Hi {{ customer.first_name | default: \"there\" }}, winter tires are 20% off this week.");
        await page.GetByLabel("Tags (any of, comma-separated)").FillAsync("e2e-campaign");
        await page.GetByLabel("Leave out anyone texted in the last … days").FillAsync("");
        await page.GetByLabel("Leave out conversations active in the last … hours").FillAsync("");
        await page.ClickAsync("[data-testid=preview-campaign]");

        await Expect(page.Locator("[data-testid=preview-recipients]"), "3");
        var samples = await page.Locator("[data-testid=preview-sample]").AllInnerTextsAsync();
        Assert.Contains(samples, s => names.Any(n => s.Contains($"Hi {n}, winter tires")));

        await page.ClickAsync("[data-testid=schedule-campaign]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/campaigns/[0-9a-f-]{36}$"));
        // This host has no job server: the test runs the campaign's runner job itself. The open page follows without a reload.
        var campaignId = Guid.Parse(page.Url[^36..]);
        await Expect(page.Locator("[data-testid=count-scheduled] .mud-typography-h6"), "3");
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Portal.Infrastructure.Campaigns.CampaignRunner>().RunAsync(campaignId);
        }

        await Expect(page.Locator("[data-testid=count-sent] .mud-typography-h6"), "3");
        await Expect(page.Locator("[data-testid=campaign-status]").First, "Completed");
        // Toasts fade in; their colours are measured once they are fully shown.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-snackbar')].every(e => getComputedStyle(e).opacity === '1')");
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
    }

    private static async Task Expect(ILocator locator, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await locator.TextContentAsync())?.Trim().Contains(text) != true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for '{text}'; saw '{await locator.TextContentAsync()}'.");
            await Task.Delay(100);
        }
    }

    private static async Task SignInAsync(IPage page, string baseUrl, string email, string password)
    {
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".inbox[data-live=true]");
    }

    [Fact]
    public async Task The_chosen_theme_stays_across_pages()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", "staff.service@demo.portal");
        await page.FillAsync("#password", PortalFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".inbox[data-live=true]");

        await page.GetByLabel("Switch to dark theme").ClickAsync();
        await page.GetByLabel("Switch to light theme").WaitForAsync();
        await page.GotoAsync($"{baseUrl}/customers");

        await page.GetByLabel("Switch to light theme").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.classList.contains('portal-dark')"));
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.mud-main-content') || document.body).getPropertyValue('--mud-palette-background').trim()");
        Assert.NotEqual("rgba(255,255,255,1)", background);
    }

    [Fact]
    public async Task A_text_in_another_conversation_is_announced_by_name_clear_of_the_thread_header()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var threads = await factory.QueryAsync(db => db.Threads.Where(t => t.Department!.Name == "Service" && t.Customer!.Phone != null && t.Customer.FirstName != "")
            .OrderByDescending(t => t.LastActivityAt).Select(t => new { t.Id, t.Customer!.Phone, t.Customer.FirstName, t.Customer.LastName }).Take(2).ToListAsync());
        var (reading, other) = (threads[0], threads[1]);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, "staff.service@demo.portal", PortalFactory.DemoPassword);
        await page.GotoAsync($"{baseUrl}/threads/{reading.Id}");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea");

        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var http = new HttpClient();
        using (var text = ConfiguredAccounts.SignedInbound(baseUrl + path, path, SigningKey, $"SM{Guid.NewGuid():N}", other.Phone!, "Is the loaner back?"))
        {
            Assert.True((await http.SendAsync(text)).IsSuccessStatusCode);
        }

        var toast = page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = $"New message from {other.FirstName} {other.LastName} in Service" });
        await toast.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var box = (await toast.BoundingBoxAsync())!;
        var header = (await page.Locator(".thread-header").BoundingBoxAsync())!;
        Assert.True(box.Y > header.Y + header.Height || box.X + box.Width < header.X, $"toast {box.X},{box.Y} {box.Width}x{box.Height} over header {header.X},{header.Y} {header.Width}x{header.Height}");
        Assert.True(box.Y + box.Height > 800 - 200, "the toast sits at the bottom of the window");
    }

    [Fact]
    public async Task Alerts_for_new_texts_are_opt_in_and_sound_for_a_text_in_another_conversation()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var phone = await factory.QueryAsync(db => db.Threads.Where(t => t.Department!.Name == "Service" && t.Customer!.Phone != null).Select(t => t.Customer!.Phone!).FirstAsync());
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["notifications"] });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", "staff.service@demo.portal");
        await page.FillAsync("#password", PortalFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".inbox[data-live=true] li.thread-row");
        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var http = new HttpClient();

        using (var first = ConfiguredAccounts.SignedInbound(baseUrl + path, path, SigningKey, $"SM{Guid.NewGuid():N}", phone, "Before alerts were on"))
        {
            Assert.True((await http.SendAsync(first)).IsSuccessStatusCode);
        }

        await page.Locator(".thread-preview", new PageLocatorOptions { HasText = "Before alerts were on" }).WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.portalAlerts.count || 0"));

        await page.GetByLabel("Sound and desktop notifications for new texts").ClickAsync();
        await page.WaitForFunctionAsync("() => window.portalAlerts.enabled()");
        using (var second = ConfiguredAccounts.SignedInbound(baseUrl + path, path, SigningKey, $"SM{Guid.NewGuid():N}", phone, "After alerts were on"))
        {
            Assert.True((await http.SendAsync(second)).IsSuccessStatusCode);
        }

        await page.WaitForFunctionAsync("() => (window.portalAlerts.count || 0) === 1", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }

    [Fact]
    public async Task A_picked_photo_is_sent_and_a_reply_to_the_closed_conversation_reopens_it_live()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var (threadId, phone) = await factory.QueryAsync(db => db.Threads.Where(t => t.Department!.Name == "Service" && t.Status == Portal.Core.Threads.ThreadStatus.Open && t.Customer!.Phone != null && t.Customer.Consent != Portal.Core.Customers.ConsentStatus.OptedOut)
            .Select(t => new { t.Id, t.Customer!.Phone }).FirstAsync().ContinueWith(r => (r.Result.Id, r.Result.Phone!)));
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await page.GotoAsync($"{baseUrl}/Account/Login?ReturnUrl=%2Fthreads%2F{threadId}");
        await page.FillAsync("#email", "staff.service@demo.portal");
        await page.FillAsync("#password", PortalFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-view .composer textarea");

        // Attach: the picker's file input, as a person's choice of a PNG would fill it.
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        await page.Locator(".composer input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bumper.png", MimeType = "image/png", Buffer = png });
        await page.Locator(".composer .mud-chip", new PageLocatorOptions { HasText = "bumper.png" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.FillAsync(".composer textarea", "Photo of the bumper");
        await page.PressAsync(".composer textarea", "Enter");
        await page.Locator(".bubble-row.outbound", new PageLocatorOptions { HasText = "Photo of the bumper" }).Locator(".bubble-attachment", new LocatorLocatorOptions { HasText = "bumper.png" })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var sent = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Body == "Photo of the bumper"));
        Assert.Equal("bumper.png", Assert.Single(sent.Attachments).FileName);

        // Close, then the customer writes again: the same thread turns Open on screen, with the text in it.
        await page.Locator(".thread-header button", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*Close\\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase) }).ClickAsync();
        await page.Locator("[data-testid=thread-status]", new PageLocatorOptions { HasText = "Closed" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var path = $"/webhooks/signalwire/{SignalWireId}/messages";
        using var http = new HttpClient();
        using var request = ConfiguredAccounts.SignedInbound(baseUrl + path, path, SigningKey, $"SM{Guid.NewGuid():N}", phone, "One more question about the bumper");
        Assert.True((await http.SendAsync(request)).IsSuccessStatusCode);

        await page.Locator(".bubble-row.inbound", new PageLocatorOptions { HasText = "One more question about the bumper" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.Locator("[data-testid=thread-status]", new PageLocatorOptions { HasText = "Open" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal(threadId, Guid.Parse((await page.GetAttributeAsync(".thread-view", "data-thread-id"))!));
    }

    private static string ChromiumPath() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new InvalidOperationException("Chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH); .ci/run installs it.");
}
