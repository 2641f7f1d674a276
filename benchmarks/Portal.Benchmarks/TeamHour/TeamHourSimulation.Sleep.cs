using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.TeamHour;

/// <summary>How the slept laptop came back: real seconds from the network's return to its list matching the database.</summary>
internal sealed record CatchUp(double Seconds, bool CaughtUp, int MissedMessages, int Rows);

internal static partial class TeamHourSimulation
{
    private const string ListedRows = """
        () => [...document.querySelectorAll('.thread-row')].map(r => ({ id: r.dataset.threadId, preview: r.querySelector('.thread-preview')?.textContent ?? '' }))
        """;

    /// <summary>The laptop sleeps (its sockets dropped, the advisor idle), wakes, and is timed until its inbox is true again.</summary>
    private static async Task<CatchUp> SleepAsync(IServiceProvider services, AcceleratedClock clock, SocketGate gate, AdvisorBot bot, DateTimeOffset at, TimeSpan length)
    {
        await WaitUntilAsync(clock, at);
        bot.Asleep = true;
        while (!bot.Idle)
        {
            await Task.Delay(20);
        }

        gate.Close();
        var slept = clock.GetUtcNow().UtcDateTime;
        await WaitUntilAsync(clock, at + length);
        var woke = clock.GetUtcNow().UtcDateTime;
        var real = Stopwatch.StartNew();
        gate.Open();
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var missed = 0;
        var rows = 0;
        var caughtUp = false;
        while (real.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var db = await factory.CreateDbContextAsync();
            var expected = await db.Threads.AsNoTracking()
                .Where(t => t.AssigneeId == bot.UserId && t.Status == ThreadStatus.Open)
                .OrderByDescending(t => t.LastActivityAt).Take(50)
                .Select(t => new { t.Id, t.LastMessagePreview }).ToListAsync();
            missed = await db.Messages.CountAsync(m => m.OccurredAt >= slept && m.OccurredAt < woke && db.Threads.Any(t => t.Id == m.ThreadId && t.AssigneeId == bot.UserId));
            try
            {
                var shown = await bot.Inbox.EvaluateAsync<Listed[]>(ListedRows);
                rows = shown.Length;
                if (shown.Length == expected.Count && shown.Zip(expected).All(p => p.First.Id == p.Second.Id.ToString() && p.First.Preview.EndsWith(p.Second.LastMessagePreview, StringComparison.Ordinal)))
                {
                    caughtUp = true;
                    break;
                }
            }
            catch (Microsoft.Playwright.PlaywrightException)
            {
                // The page is reloading.
            }

            await Task.Delay(50);
        }

        var seconds = real.Elapsed.TotalSeconds;
        if (!caughtUp)
        {
            var shot = Path.Combine(Path.GetTempPath(), "team-hour-slept-laptop.png");
            await bot.Inbox.ScreenshotAsync(new Microsoft.Playwright.PageScreenshotOptions { Path = shot });
            Console.Error.WriteLine($"The slept laptop's inbox did not match the database: {shot}");
        }

        bot.Asleep = false;
        return new CatchUp(seconds, caughtUp, missed, rows);
    }

    private sealed class Listed
    {
        public string Id { get; set; } = "";
        public string Preview { get; set; } = "";
    }
}
