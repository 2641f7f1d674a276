using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using Portal.Core.Security;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// Typing shown to the other viewer through real circuits: N conversations each open in two Chromium pages signed in
/// as two people. In one page of each pair a keystroke is made in the composer; the other page notes (MutationObserver)
/// when "… is typing…" appears. One clock (this machine's), so the latency is the second moment minus the first. First
/// one pair at a time, then every pair at once.
/// </summary>
internal static class PresencePagesBenchmark
{
    private const string Password = "Bench-Pass-2026!";

    private const string TypingWatcher = """
        () => {
          window.__typingAt = null;
          const check = () => {
            const line = document.querySelector('[data-testid=thread-presence]');
            if (window.__typingAt === null && line && (line.textContent || '').includes('is typing')) window.__typingAt = Date.now();
          };
          new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    private const string Keystroke = """
        text => {
          const box = document.querySelector('.composer textarea');
          const at = Date.now();
          box.value = text;
          box.dispatchEvent(new Event('input', { bubbles: true }));
          return at;
        }
        """;

    public static async Task RunAsync(int conversations)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-presence-bench-{Guid.NewGuid():N}.db");
        try
        {
            await using var portal = new WebhookBenchmark.PortalHost(databasePath);
            portal.UseKestrel(0);
            portal.StartServer();
            var baseUrl = portal.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            await AddSecondAdminAsync(portal.Services);
            var threads = await ConversationsAsync(portal, baseUrl, conversations);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BenchChromium.LaunchAsync(playwright);
            var typist = await SignedInAsync(browser, baseUrl, "admin@bench.portal");
            var watcher = await SignedInAsync(browser, baseUrl, "second.admin@bench.portal");
            var pairs = new List<(IPage Typing, IPage Watching)>();
            foreach (var thread in threads)
            {
                pairs.Add((await OpenAsync(typist, baseUrl, thread), await OpenAsync(watcher, baseUrl, thread)));
            }

            var process = Process.GetCurrentProcess();
            Console.WriteLine($"{pairs.Count} conversations each open in two Chromium pages (two people, 1366×800): {pairs.Count * 2} circuits.");
            Console.WriteLine();
            Console.WriteLine("| keystrokes | p50 ms | p95 ms | max ms | shown | process CPU per keystroke ms (portal + Playwright client) |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            await RoundAsync("one at a time", pairs, together: false, process);
            await RoundAsync("all at once", pairs, together: true, process);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databasePath + suffix);
            }
        }
    }

    private static async Task RoundAsync(string label, List<(IPage Typing, IPage Watching)> pairs, bool together, Process process)
    {
        // The previous round's typing has to have lapsed (6 s) everywhere first, or its line would still be showing.
        foreach (var (typing, watching) in pairs)
        {
            await typing.EvaluateAsync(Keystroke, "");
            await watching.WaitForFunctionAsync("() => !(document.querySelector('[data-testid=thread-presence]')?.textContent || '').includes('is typing')",
                null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 100 });
            await watching.EvaluateAsync("() => { window.__typingAt = null; }");
        }

        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var started = new double[pairs.Count];
        if (together)
        {
            var all = pairs.Select((p, i) => p.Typing.EvaluateAsync<double>(Keystroke, $"On my way {i}")).ToArray();
            started = await Task.WhenAll(all);
        }
        else
        {
            for (var i = 0; i < pairs.Count; i++)
            {
                started[i] = await pairs[i].Typing.EvaluateAsync<double>(Keystroke, $"On my way {i}");
                await pairs[i].Watching.WaitForFunctionAsync("() => window.__typingAt !== null", null, new PageWaitForFunctionOptions { Timeout = 10_000, PollingInterval = 20 });
            }
        }

        var latencies = new List<double>();
        for (var i = 0; i < pairs.Count; i++)
        {
            try
            {
                await pairs[i].Watching.WaitForFunctionAsync("() => window.__typingAt !== null", null, new PageWaitForFunctionOptions { Timeout = 10_000, PollingInterval = 20 });
                latencies.Add(await pairs[i].Watching.EvaluateAsync<double>("() => window.__typingAt") - started[i]);
            }
            catch (TimeoutException)
            {
                // Not shown within 10 s: counted as missing.
            }
        }

        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"| {label} | {WebhookBenchmark.Percentile(sorted, 0.5):F0} | {WebhookBenchmark.Percentile(sorted, 0.95):F0} | {sorted.LastOrDefault():F0} | " +
            $"{sorted.Length}/{pairs.Count} | {cpuMs / pairs.Count:F1} |");
    }

    private static async Task<IBrowserContext> SignedInAsync(IBrowser browser, string baseUrl, string email)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        var login = await context.NewPageAsync();
        await BenchChromium.SignInAsync(login, baseUrl, email, Password);
        await login.CloseAsync();
        return context;
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string baseUrl, Guid thread)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/threads/{thread}");
        await page.WaitForSelectorAsync($".inbox[data-live=true] .thread-view[data-thread-id=\"{thread}\"] .composer textarea:not([disabled])", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.EvaluateAsync(TypingWatcher);
        return page;
    }

    private static async Task AddSecondAdminAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = "second.admin@bench.portal", Email = "second.admin@bench.portal", EmailConfirmed = true, DisplayName = "Sam Second" };
        if (!(await users.CreateAsync(user, Password)).Succeeded || !(await users.AddToRoleAsync(user, Roles.Admin)).Succeeded)
        {
            throw new InvalidOperationException("Could not add the second admin.");
        }
    }

    /// <summary>N open conversations: the first text from N new numbers, as webhooks.</summary>
    private static async Task<List<Guid>> ConversationsAsync(WebhookBenchmark.PortalHost portal, string baseUrl, int count)
    {
        using var http = new HttpClient();
        var numbers = Enumerable.Range(0, count).Select(i => $"+177370{i:00000}").ToList();
        foreach (var number in numbers)
        {
            await BenchWebhooks.PostTextAsync(http, baseUrl, number, "Is my car ready?");
        }

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Threads.Where(t => numbers.Contains(t.Customer!.Phone!)).Select(t => t.Id).ToListAsync();
    }
}
