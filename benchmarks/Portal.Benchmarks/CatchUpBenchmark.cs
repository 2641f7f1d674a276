using Microsoft.Playwright;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// Catch-up after an outage: a signed-in Chromium page has one conversation open; its connection is cut (every socket
/// through a <see cref="SocketGate"/> dropped, new ones refused) for the outage while customers' texts keep arriving at
/// the portal; then the network comes back. Measured in the page: when the session resumed, and when the open
/// conversation showed every missed text of its own and the list showed every customer's latest, each exactly once.
/// </summary>
internal static class CatchUpBenchmark
{
    private const string StateRecorder = """
        () => {
          window.__states = [];
          document.getElementById('components-reconnect-modal')
            ?.addEventListener('components-reconnect-state-changed', e => window.__states.push([e.detail?.state ?? '?', Date.now()]));
        }
        """;

    public static async Task RunAsync(int outageSeconds, int events, int customers, int rounds)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-catchup-bench-{Guid.NewGuid():N}.db");
        try
        {
            await using var portal = new WebhookBenchmark.PortalHost(databasePath);
            portal.UseKestrel(0);
            portal.StartServer();
            var portalUrl = portal.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            await using var gate = new SocketGate(portal.ClientOptions.BaseAddress.Port);
            var browserUrl = $"http://127.0.0.1:{gate.Port}";
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BenchChromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
            var page = await context.NewPageAsync();
            await BenchChromium.SignInAsync(page, browserUrl, "admin@bench.portal", "Bench-Pass-2026!");

            Console.WriteLine($"One signed-in page (1366×800) with a conversation open; its sockets cut for {outageSeconds} s while {events} texts from " +
                $"{customers} customers arrive (one of them the open conversation's); then the network returns.");
            Console.WriteLine();
            Console.WriteLine("| round | missed texts | session resumed after s | all shown after s | open conversation | list rows | duplicates |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (var round = 0; round < rounds; round++)
            {
                await RoundAsync(portal, page, portalUrl, browserUrl, gate, round, outageSeconds, events, customers);
            }
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

    private static async Task RoundAsync(WebhookBenchmark.PortalHost portal, IPage page, string portalUrl, string browserUrl, SocketGate gate, int round, int outageSeconds, int events, int customers)
    {
        string Number(int customer) => $"+1312{round % 3 + 7:0}{customer:000000}";
        using var http = new HttpClient();
        await BenchWebhooks.PostTextAsync(http, portalUrl, Number(0), $"round {round}: hello");
        var threadId = await ThreadOfAsync(portal, Number(0));
        await page.GotoAsync($"{browserUrl}/threads/{threadId}");
        await page.WaitForSelectorAsync($".inbox[data-live=true] .thread-view[data-thread-id=\"{threadId}\"]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.EvaluateAsync(BrowserPushBenchmark.Watcher);
        await page.EvaluateAsync(StateRecorder);

        gate.Close();
        var cut = DateTimeOffset.UtcNow;
        await page.WaitForFunctionAsync("() => window.__states.length > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        var ownKeys = new List<string>();
        var latestKey = new Dictionary<int, string>();
        var spacing = TimeSpan.FromSeconds(outageSeconds * 0.8 / events);
        for (var i = 0; i < events; i++)
        {
            var customer = i % customers;
            var key = $"bench-{round:D2}{i:D6}";
            await BenchWebhooks.PostTextAsync(http, portalUrl, Number(customer), $"{key} is the car ready?");
            latestKey[customer] = key;
            if (customer == 0)
            {
                ownKeys.Add(key);
            }

            await Task.Delay(spacing);
        }

        var remaining = cut.AddSeconds(outageSeconds) - DateTimeOffset.UtcNow;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        var back = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        gate.Open();
        var expected = ownKeys.Concat(latestKey.Values).Distinct().ToArray();
        await page.WaitForFunctionAsync("keys => window.__seen && keys.every(k => k in window.__seen)", expected,
            new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 50 });
        var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__seen");
        var states = await page.EvaluateAsync<object[][]>("() => window.__states");
        var resumed = states.Select(s => (State: s[0]?.ToString(), At: Convert.ToDouble(s[1]?.ToString(), System.Globalization.CultureInfo.InvariantCulture)))
            .Where(s => s.State == "hide" && s.At >= back).Select(s => s.At).DefaultIfEmpty(double.NaN).First();
        var allShown = expected.Max(k => seen[k]);
        var counts = await page.EvaluateAsync<int[]>("""
            keys => keys.map(k => [...document.querySelectorAll('.thread-view .bubble-body')].filter(b => (b.textContent || '').includes(k)).length)
            """, ownKeys.ToArray());
        var rows = await page.EvaluateAsync<int>("""
            keys => keys.filter(k => [...document.querySelectorAll('.thread-preview')].some(p => (p.textContent || '').includes(k))).length
            """, latestKey.Values.ToArray());
        Console.WriteLine($"| {round + 1} | {events} | {(resumed - back) / 1000:F2} | {(allShown - back) / 1000:F2} | {counts.Count(c => c == 1)}/{ownKeys.Count} | " +
            $"{rows}/{latestKey.Count} | {counts.Count(c => c > 1)} |");
    }

    private static async Task<Guid> ThreadOfAsync(WebhookBenchmark.PortalHost portal, string phone)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Threads.Where(t => t.Customer!.Phone == phone).Select(t => t.Id).FirstAsync();
    }
}
