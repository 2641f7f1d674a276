using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Portal.Tests.Support;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

public partial class LiveInboxTests
{
    [Fact]
    public async Task The_inbox_thread_customer_and_admin_pages_have_no_serious_accessibility_violations()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var (threadId, customerId) = await factory.QueryAsync(async db => await db.Threads.OrderByDescending(t => t.LastActivityAt).Select(t => new { t.Id, t.CustomerId }).FirstAsync() is var t ? (t.Id, t.CustomerId) : default);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        await SignInAsync(page, baseUrl, PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        // The rail of icons shows no stray letters of the section titles beside them.
        await page.GotoAsync(baseUrl + "/inbox");
        await page.WaitForSelectorAsync(".inbox[data-live=true] li.thread-row");
        Assert.False(await page.Locator(".nav-section span").IsVisibleAsync());

        // A provider's webhook URL is one click from the clipboard.
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = baseUrl });
        await page.GotoAsync(baseUrl + "/admin/providers");
        var url = page.GetByTestId("webhook-url").First;
        await url.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await url.Locator("xpath=..").GetByTestId("copy").ClickAsync();
        await page.WaitForFunctionAsync("async expected => (await navigator.clipboard.readText()) === expected", await url.InnerTextAsync(), new PageWaitForFunctionOptions { Timeout = 5_000 });

        var found = new List<string>();
        foreach (var (path, ready) in new[]
        {
            ("/inbox", ".inbox[data-live=true] li.thread-row"),
            ("/conversations/new", ".new-conversation[data-live=true]"),
            ($"/threads/{threadId}", ".inbox[data-live=true] .thread-view .composer textarea"),
            ($"/customers/{customerId}", "[data-testid=customer-name]"),
            ("/customers", ".portal-main h5"),
            ("/admin/users", ".portal-main h5"),
            ("/admin/departments", ".portal-main h5"),
            ("/admin/providers", ".portal-main h5"),
            ("/admin/webhooks", ".portal-main h5"),
            ("/admin/event-webhooks", ".portal-main h5"),
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

        // The lead file is chosen from the keyboard too: Tab from the page's heading reaches the file control.
        await page.GotoAsync(baseUrl + "/leads/import");
        await page.WaitForSelectorAsync("[data-live] .portal-main h5, .portal-main h5");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.EvaluateAsync("() => { const h = document.querySelector('.portal-main h5'); h.tabIndex = -1; h.focus(); }");
        var reached = false;
        for (var i = 0; i < 10 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.matches('input[type=file]') === true");
        }

        Assert.True(reached, "Tab never reached the lead file control.");
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
        // The count under the text is of the text as it will go: the department's opt-out line included.
        await page.WaitForSelectorAsync("[data-testid=variant-count-0]:has-text('with the opt-out line')");
        await page.GetByLabel("Tags (any of, comma-separated)").FillAsync("e2e-campaign");
        await page.GetByLabel("Leave out anyone texted in the last … days").FillAsync("");
        await page.GetByLabel("Leave out conversations active in the last … hours").FillAsync("");
        // When it starts is one choice: now (no day or time shown), or a day and time.
        Assert.Contains("Starts as soon as you schedule it", await page.GetByTestId("start-summary").InnerTextAsync());
        Assert.Equal(0, await page.GetByLabel("Start time").CountAsync());
        await page.GetByText("Start at a day and time").ClickAsync();
        await page.GetByLabel("Start day").WaitForAsync();
        Assert.Contains("Pick the day it starts", await page.GetByTestId("start-summary").InnerTextAsync());
        await page.GetByText("Start as soon as it is scheduled").ClickAsync();
        await page.GetByLabel("Start day").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.ClickAsync("[data-testid=preview-campaign]");

        await Expect(page.Locator("[data-testid=preview-recipients]"), "3");
        var samples = await page.Locator("[data-testid=preview-sample]").AllInnerTextsAsync();
        Assert.Contains(samples, s => names.Any(n => s.Contains($"Hi {n}, winter tires")));
        Assert.All(samples, s => Assert.Contains("Reply STOP to opt out.", s));
        // The estimate adds up every text as it goes: one segment each, all three with the line.
        Assert.Equal("3 segments in all, as merged · 3 of 3 texts carry the opt-out line", (await page.GetByTestId("preview-segments").InnerTextAsync()).Trim());
        var shots = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "campaign-preview-laptop-1366x800.png") });

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

        // Everything on the page comes from one read: the moment it says Completed, the variants, chart and recipients agree.
        Assert.Equal("3", (await page.Locator("[data-testid=variant-results] td[data-label=Sent]").First.TextContentAsync())?.Trim());
        Assert.Equal(0, await page.Locator("[data-testid=recipient-results] td[data-label=Status]", new PageLocatorOptions { HasText = "Scheduled" }).CountAsync());
        Assert.True(await page.Locator("[data-testid=campaign-chart] svg").CountAsync() > 0, "All three went within a minute, and the chart still draws them.");
        // No column heading of "By variant" is squeezed into pieces ("Op ou rat").
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('[data-testid=variant-results] th')].every(th => { const r = document.createRange(); r.selectNodeContents(th); return r.getClientRects().length === 1; })"));
        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "campaign-completed-laptop-1366x800.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "campaign-completed-phone-390x844.png"), FullPage = true });
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

        // Attach: the picker's file input, as a person's choice of a photo would fill it.
        // The picker listens only once Blazor's script has started it, a moment after the page turns live: the script
        // marks the element then (its next file id), and a choice made before that would be lost.
        await page.WaitForFunctionAsync("() => document.querySelector('.composer input[type=file]')?._blazorInputFileNextFileId !== undefined",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await page.Locator(".composer input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bumper.png", MimeType = "image/png", Buffer = TestImages.Png(320, 200) });
        await page.Locator(".composer .mud-chip", new PageLocatorOptions { HasText = "bumper.png" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.FillAsync(".composer textarea", "Photo of the bumper");
        await page.PressAsync(".composer textarea", "Enter");

        // The photo shows as a picture, loaded through the portal, and opens full size.
        var photo = page.Locator(".bubble-row.outbound", new PageLocatorOptions { HasText = "Photo of the bumper" }).Locator("a.bubble-photo img[alt='Photo: bumper.png']");
        await photo.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.WaitForFunctionAsync("() => document.querySelector(\"a.bubble-photo img[alt='Photo: bumper.png']\").naturalWidth === 320", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        var sent = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Body == "Photo of the bumper"));
        Assert.Equal("bumper.png", Assert.Single(sent.Attachments).FileName);
        Assert.Equal($"/messages/{sent.Id}/attachments/0", await photo.EvaluateAsync<string>("i => i.closest('a').getAttribute('href')"));

        // A note's text sits right under its header (no blank line between them).
        await page.Locator(".composer-modes").GetByText("Internal note").ClickAsync();
        await page.FillAsync(".composer textarea", "Customer asked for the body shop quote too");
        await page.PressAsync(".composer textarea", "Enter");
        var note = page.Locator("[data-kind=note]", new PageLocatorOptions { HasText = "body shop quote" });
        await note.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var gap = await note.EvaluateAsync<double>("n => n.querySelector('.bubble-body').getBoundingClientRect().top - n.querySelector('.note-header').getBoundingClientRect().bottom");
        Assert.True(gap < 6, $"{gap} px between a note's header and its text");
        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "thread-with-photo-laptop-1366x800.png") });

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

    internal static string ChromiumPath() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new InvalidOperationException("Chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH); .ci/run installs it.");
}
