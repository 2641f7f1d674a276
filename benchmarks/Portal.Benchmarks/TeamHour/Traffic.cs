using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.TeamHour;

/// <summary>One customer text of the simulated hour.</summary>
internal sealed record PlannedText(int Customer, string Number, string Marker, DateTimeOffset At, string Body, bool First);

/// <summary>
/// Customers texting the Service line through the hour, as signed SignalWire webhooks: most want an answer, some say
/// "(no rush)" (answered only once overdue), a few "(no answer)" (left to escalate to the managers), and "(urgent)"
/// ones bring a second advisor to help, so two people answer at once.
/// </summary>
internal sealed class Traffic(string portalUrl, AcceleratedClock clock, IServiceProvider services, List<AdvisorBot> bots)
{
    private readonly HttpClient http = new();

    public static List<PlannedText> Plan(int conversations, int minutes, DateTimeOffset start, int seed)
    {
        var random = new Random(seed);
        var spread = (minutes - 10.0) / conversations;
        var plan = new List<PlannedText>();
        for (var i = 0; i < conversations; i++)
        {
            var marker = i % 20 == 7 ? "(no answer)" : i % 10 == 3 ? "(no rush)" : i % 6 == 1 ? "(urgent)" : "";
            var number = $"+177360{i:00000}";
            var at = start.AddMinutes(i * spread + random.NextDouble() * spread);
            plan.Add(new PlannedText(i, number, marker, at, $"sim-{i:000}-1 when can you look at my brakes? {marker}".TrimEnd(), First: true));
            if (random.NextDouble() < 0.6)
            {
                var again = marker == "(urgent)" ? "" : marker;
                plan.Add(new PlannedText(i, number, again, at.AddMinutes(4 + random.NextDouble() * 8), $"sim-{i:000}-2 also, the tire light is on {again}".TrimEnd(), First: false));
            }
        }

        return [.. plan.OrderBy(p => p.At)];
    }

    /// <summary>Sends each text at its simulated time; returns the customers' numbers.</summary>
    public async Task<HashSet<string>> RunAsync(List<PlannedText> plan, DateTimeOffset end)
    {
        var helps = new List<Task>();
        foreach (var text in plan.Where(p => p.At < end))
        {
            await TeamHourSimulation.WaitUntilAsync(clock, text.At);
            await BenchWebhooks.PostTextAsync(http, portalUrl, text.Number, text.Body);
            if (text.First && text.Marker == "(urgent)")
            {
                helps.Add(HelpAsync(text.Number));
            }
        }

        await Task.WhenAll(helps);
        return [.. plan.Select(p => p.Number)];
    }

    /// <summary>
    /// Once the urgent conversation has an assignee, the assignee and the next advisor (awake) are both asked to answer
    /// it at once, so both are writing to the customer at the same time.
    /// </summary>
    private async Task HelpAsync(string number)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var thread = await db.Threads.Where(t => t.Customer!.Phone == number && t.AssigneeId != null).Select(t => new { t.Id, t.AssigneeId }).FirstOrDefaultAsync();
            if (thread is not null)
            {
                var assignee = bots.FindIndex(b => b.UserId == thread.AssigneeId);
                var helper = Enumerable.Range(1, bots.Count).Select(k => bots[(Math.Max(assignee, 0) + k) % bots.Count]).First(b => !b.Asleep && b.UserId != thread.AssigneeId);
                helper.AskForHelp(thread.Id);
                if (assignee >= 0 && !bots[assignee].Asleep)
                {
                    bots[assignee].AskForHelp(thread.Id);
                }

                return;
            }

            await Task.Delay(50);
        }

        Console.Error.WriteLine($"{number}: never assigned, so nobody was asked to help");
    }
}
