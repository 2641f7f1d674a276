using Microsoft.Playwright;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers.SignalWire;

namespace Portal.Benchmarks;

/// <summary>
/// Webhook → text visible in real Chromium pages (Debian's, through Playwright). Each page watches its DOM with a
/// MutationObserver and notes when each benchmark text first appears; the latency is that moment minus the moment the
/// webhook was sent (one machine, one clock).
/// </summary>
internal static class BrowserPushBenchmark
{
    /// <summary>Notes in each page when each benchmark text first shows in a bubble or the list.</summary>
    internal const string Watcher = """
        () => {
          window.__seen = {};
          const note = () => {
            for (const el of document.querySelectorAll('.bubble-body, .thread-preview')) {
              const text = el.textContent || '';
              const at = text.indexOf('bench-');
              if (at >= 0) {
                const key = text.substring(at, at + 14);
                if (!(key in window.__seen)) window.__seen[key] = Date.now();
              }
            }
          };
          new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    public static async Task RunAsync(int webhooks, int[] pageCounts)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-browser-bench-{Guid.NewGuid():N}.db");
        try
        {
            await using var portal = new WebhookBenchmark.PortalHost(databasePath);
            portal.UseKestrel(0);
            portal.StartServer();
            var baseUrl = portal.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BenchChromium.LaunchAsync(playwright);
            var (threadId, phone) = await NewestServiceThreadAsync(portal);

            Console.WriteLine($"{webhooks} webhooks 200 ms apart to one conversation, open in N Chromium pages (admin, inbox with the thread open)");
            Console.WriteLine();
            Console.WriteLine("| pages | p50 ms | p95 ms | p99 ms | max ms | seen |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
            var context = await browser.NewContextAsync();
            var login = await context.NewPageAsync();
            await BenchChromium.SignInAsync(login, baseUrl, "admin@bench.portal", "Bench-Pass-2026!");
            await login.CloseAsync();
            var pages = new List<IPage>();
            foreach (var count in pageCounts)
            {
                while (pages.Count < count)
                {
                    var page = await context.NewPageAsync();
                    await page.GotoAsync($"{baseUrl}/threads/{threadId}");
                    await page.WaitForSelectorAsync(".inbox[data-live=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });
                    await page.EvaluateAsync(Watcher);
                    pages.Add(page);
                }

                foreach (var page in pages)
                {
                    await page.EvaluateAsync("() => { window.__seen = {}; }");
                }

                var sent = await SendAsync(baseUrl, phone, webhooks, count);
                await Task.Delay(3000);
                var latencies = new List<double>();
                foreach (var page in pages)
                {
                    var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__seen");
                    latencies.AddRange(seen.Where(s => sent.ContainsKey(s.Key)).Select(s => s.Value - sent[s.Key]));
                }

                var sorted = latencies.Order().ToArray();
                Console.WriteLine($"| {count} | {WebhookBenchmark.Percentile(sorted, 0.5):F0} | {WebhookBenchmark.Percentile(sorted, 0.95):F0} | {WebhookBenchmark.Percentile(sorted, 0.99):F0} | {sorted.LastOrDefault():F0} | {sorted.Length}/{webhooks * count} |");
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

    internal static async Task<Dictionary<string, double>> SendAsync(string baseUrl, string phone, int webhooks, int round, int spacingMs = 200)
    {
        using var http = new HttpClient();
        var sent = new Dictionary<string, double>();
        var path = $"/webhooks/signalwire/{WebhookBenchmark.AccountId}/messages";
        for (var i = 0; i < webhooks; i++)
        {
            var key = $"bench-{round % 100:D2}{i:D6}";
            KeyValuePair<string, string>[] form =
            [
                new("MessageSid", $"SMbrowser{round:D4}{i:D5}{Guid.NewGuid():N}"[..34]), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"),
                new("From", phone), new("To", "+13125550177"), new("Body", $"{key} is the car ready?"), new("NumMedia", "0"),
            ];
            using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(WebhookBenchmark.SigningKey, WebhookBenchmark.PublicBase + path, form));
            sent[key] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using var response = await http.SendAsync(request);
            await Task.Delay(spacingMs);
        }

        return sent;
    }

    private static async Task<(Guid ThreadId, string Phone)> NewestServiceThreadAsync(WebhookBenchmark.PortalHost portal)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var thread = await db.Threads.Where(t => t.Department!.Name == "Service" && t.Customer!.Phone != null)
            .OrderByDescending(t => t.LastActivityAt).Select(t => new { t.Id, t.Customer!.Phone }).FirstAsync();
        return (thread.Id, thread.Phone!);
    }
}
