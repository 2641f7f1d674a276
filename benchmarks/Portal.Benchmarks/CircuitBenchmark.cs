using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// Server memory per open inbox page, click-to-thread and push-to-visible with many pages open. The portal runs as its
/// own process from a Release publish (so its resident memory is its own, and the GC mode is chosen per run), on a
/// SQLite file; Debian's Chromium opens N signed-in /inbox pages. Resident memory is read from /proc at each checkpoint
/// after the pages settle; the per-circuit figure is the slope between the first and last checkpoint.
/// </summary>
internal static partial class CircuitBenchmark
{
    private const string Password = "Bench-Pass-2026!";

    /// <summary>Open inboxes that fell back to re-querying (the portal logs each at Debug).</summary>
    private static int rereads;

    /// <summary>Per open inbox and live event: milliseconds from the event's publication to that page's render (logged at Debug).</summary>
    private static readonly List<double> Applied = [];

    public static async Task RunAsync(int[] checkpoints, string[] gcModes, int clicks, int webhooks, int spacingMs = 200)
    {
        var published = await PublishAsync();
        foreach (var mode in gcModes)
        {
            await RunOneAsync(published, checkpoints, mode, clicks, webhooks, spacingMs);
        }
    }

    private static async Task RunOneAsync(string published, int[] checkpoints, string gcMode, int clicks, int webhooks, int spacingMs)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-circuit-bench-{Guid.NewGuid():N}.db");
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var portal = StartPortal(published, databasePath, baseUrl, gcMode);
        try
        {
            await WaitUntilUpAsync(baseUrl);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BenchChromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
            var login = await context.NewPageAsync();
            await BenchChromium.SignInAsync(login, baseUrl, "admin@bench.portal", Password);
            await login.CloseAsync();

            Console.WriteLine($"GC: {gcMode}. Signed-in /inbox pages at 1366×800; resident memory of the portal process after the pages settle.");
            Console.WriteLine();
            Console.WriteLine("| pages | resident MB | Δ per page since previous KB |");
            Console.WriteLine("| ---: | ---: | ---: |");
            var pages = new List<IPage>();
            var rss = new List<(int Pages, double Mb)>();
            var baseline = await SettledRssAsync(portal);
            rss.Add((0, baseline));
            Console.WriteLine($"| 0 | {baseline:F1} | |");
            foreach (var count in checkpoints)
            {
                while (pages.Count < count)
                {
                    var page = await context.NewPageAsync();
                    await page.GotoAsync($"{baseUrl}/inbox");
                    await page.WaitForSelectorAsync(".inbox[data-live=true] .thread-row", new PageWaitForSelectorOptions { Timeout = 60_000 });
                    pages.Add(page);
                }

                var mb = await SettledRssAsync(portal);
                await GcDumpAsync(portal, count);
                var (previousPages, previousMb) = rss[^1];
                rss.Add((count, mb));
                Console.WriteLine($"| {count} | {mb:F1} | {(mb - previousMb) * 1024 / (count - previousPages):F0} |");
            }

            var (firstPages, firstMb) = rss[1];
            var (lastPages, lastMb) = rss[^1];
            var slopeKb = lastPages > firstPages ? (lastMb - firstMb) * 1024 / (lastPages - firstPages) : double.NaN;
            Console.WriteLine();
            Console.WriteLine($"Slope {firstPages}→{lastPages} pages: {slopeKb:F0} KB per circuit; estimate for 1,000 pages: {lastMb + slopeKb * (1000 - lastPages) / 1024:F0} MB resident.");
            Console.WriteLine();

            await ClickToThreadAsync(pages[0], clicks);
            await PushToVisibleAsync(portal, baseUrl, NewestServicePhone(databasePath), pages, webhooks, spacingMs);
            await context.CloseAsync();
        }
        finally
        {
            if (!portal.HasExited)
            {
                portal.Kill(entireProcessTree: true);
                await portal.WaitForExitAsync();
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databasePath + suffix);
            }
        }
    }

    /// <summary>Time from a click on a conversation in the list to its thread shown, measured in the page.</summary>
    private static async Task ClickToThreadAsync(IPage page, int clicks)
    {
        if (clicks == 0)
        {
            return;
        }

        var times = new List<double>();
        for (var i = 0; i < clicks; i++)
        {
            var ms = await page.EvaluateAsync<double>("""
                async (index) => {
                  const rows = [...document.querySelectorAll('.thread-row:not(.selected) a.thread-link')];
                  const link = rows[index % rows.length];
                  const id = link.closest('.thread-row').dataset.threadId;
                  const started = performance.now();
                  link.click();
                  await new Promise(resolve => {
                    const done = () => document.querySelector(`.thread-view[data-thread-id="${id}"] .thread-messages`);
                    if (done()) return resolve();
                    const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
                    observer.observe(document.body, { childList: true, subtree: true });
                  });
                  return performance.now() - started;
                }
                """, i);
            times.Add(ms);
            await Task.Delay(300);
        }

        var sorted = times.Order().ToArray();
        Console.WriteLine($"Click to thread shown ({clicks} clicks in one page, the others open): p50 {WebhookBenchmark.Percentile(sorted, 0.5):F0} ms, p95 {WebhookBenchmark.Percentile(sorted, 0.95):F0} ms, max {sorted[^1]:F0} ms");
    }

    /// <summary>Signed webhooks to the conversation at the top of the list; each page notes when the text shows in its list.</summary>
    private static async Task PushToVisibleAsync(Process portal, string baseUrl, string phone, List<IPage> pages, int webhooks, int spacingMs)
    {
        foreach (var page in pages)
        {
            await page.EvaluateAsync(BrowserPushBenchmark.Watcher);
        }

        // Three texts first, unmeasured: a fresh process compiles its ingest path and queries on the first ones.
        await BrowserPushBenchmark.SendAsync(baseUrl, phone, 3, 99, spacingMs);
        var (idlePortal, idleMachine) = (ProcessCpuMs(portal), MachineCpuMs());
        await Task.Delay(5000);
        (idlePortal, idleMachine) = ((ProcessCpuMs(portal) - idlePortal) / 5, (MachineCpuMs() - idleMachine) / 5);
        Console.WriteLine($"Idle with {pages.Count} pages open: portal {idlePortal / 10:F1} % of a core, whole machine {idleMachine / 10:F1} % of a core");
        // Chromium's own account of one inbox tab's work (CDP Performance metrics): where a tab's time goes.
        var cdp = await pages[^1].Context.NewCDPSessionAsync(pages[^1]);
        await cdp.SendAsync("Performance.enable");
        var tabBefore = await TabMetricsAsync(cdp);
        if (Environment.GetEnvironmentVariable("CIRCUITS_SYNTHETIC") == "1")
        {
            // The same tab, the same page, a change made by script alone: what the page's own CSS and layout cost.
            var synthetic = await TabMetricsAsync(cdp);
            for (var i = 0; i < webhooks; i++)
            {
                await pages[^1].EvaluateAsync("i => { const p = document.querySelector('.thread-preview'); p.textContent = 'synthetic ' + i; }", i);
                await Task.Delay(spacingMs);
            }

            var after = await TabMetricsAsync(cdp);
            Console.WriteLine("One tab, per script-only change (ms): " + string.Join(", ", after.Select(m => $"{m.Key} {(m.Value - synthetic[m.Key]) * 1000 / webhooks:F2}")));
            tabBefore = await TabMetricsAsync(cdp);
        }

        var tracing = Environment.GetEnvironmentVariable("CIRCUITS_TRACE");
        if (tracing is { Length: > 0 })
        {
            await cdp.SendAsync("Tracing.start", new Dictionary<string, object>
            {
                ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,toplevel,loading,cc,viz",
                ["transferMode"] = "ReturnAsStream",
            });
        }

        var (cpuBefore, machineBefore) = (ProcessCpuMs(portal), MachineCpuMs());
        var window = Stopwatch.StartNew();
        var rereadsBefore = Volatile.Read(ref rereads);
        lock (Applied)
        {
            Applied.Clear();
        }
        var sent = await BrowserPushBenchmark.SendAsync(baseUrl, phone, webhooks, pages.Count, spacingMs);
        await Task.Delay(3000);
        var portalCpu = ProcessCpuMs(portal) - cpuBefore;
        if (tracing is { Length: > 0 })
        {
            var complete = new TaskCompletionSource<string>();
            cdp.Event("Tracing.tracingComplete").OnEvent += (_, e) => complete.TrySetResult(e!.Value.GetProperty("stream").GetString()!);
            await cdp.SendAsync("Tracing.end");
            var stream = await complete.Task;
            await using var file = File.Create(tracing);
            while (true)
            {
                var chunk = (await cdp.SendAsync("IO.read", new Dictionary<string, object> { ["handle"] = stream, ["size"] = 1 << 20 }))!.Value;
                var data = chunk.GetProperty("data").GetString()!;
                var bytes = chunk.TryGetProperty("base64Encoded", out var b64) && b64.GetBoolean() ? Convert.FromBase64String(data) : System.Text.Encoding.UTF8.GetBytes(data);
                await file.WriteAsync(bytes);
                if (chunk.GetProperty("eof").GetBoolean())
                {
                    break;
                }
            }
        }

        var idleShare = window.Elapsed.TotalSeconds;
        var tabAfter = await TabMetricsAsync(cdp);
        Console.WriteLine("One tab, per text (ms): " + string.Join(", ", tabAfter.Select(m => $"{m.Key} {(m.Value - tabBefore[m.Key]) * 1000 / webhooks:F2}")));
        var machineCpu = MachineCpuMs() - machineBefore;
        var latencies = new List<double>();
        foreach (var page in pages)
        {
            var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__seen");
            latencies.AddRange(seen.Where(s => sent.ContainsKey(s.Key)).Select(s => s.Value - sent[s.Key]));
        }

        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"Webhook to text visible in the inbox list ({webhooks} webhooks {spacingMs} ms apart, {pages.Count} pages): p50 {WebhookBenchmark.Percentile(sorted, 0.5):F0} ms, p95 {WebhookBenchmark.Percentile(sorted, 0.95):F0} ms, max {sorted.LastOrDefault():F0} ms, seen {sorted.Length}/{webhooks * pages.Count}");
        double[] server;
        lock (Applied)
        {
            server = [.. Applied.Order()];
        }

        Console.WriteLine($"In the portal, event published → page rendered: p50 {WebhookBenchmark.Percentile(server, 0.5):F1} ms, p95 {WebhookBenchmark.Percentile(server, 0.95):F1} ms, max {server.LastOrDefault():F1} ms ({server.Length} page updates)");
        Console.WriteLine($"Open inboxes that re-queried instead of patching: {Volatile.Read(ref rereads) - rereadsBefore} times for {webhooks} texts × {pages.Count} pages");
        Console.WriteLine($"CPU per inbound text: portal {portalCpu / webhooks:F0} ms ({portalCpu / webhooks / pages.Count:F2} ms per open page), whole machine (Chromium included) {machineCpu / webhooks:F0} ms");
        var busyPortal = (portalCpu - idlePortal * idleShare) / webhooks;
        Console.WriteLine($"  less the idle rate over the same {idleShare:F0} s: portal {busyPortal:F0} ms ({busyPortal / pages.Count:F2} ms per open page), whole machine {(machineCpu - idleMachine * idleShare) / webhooks:F0} ms");
        Console.WriteLine();
    }
}
