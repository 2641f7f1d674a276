using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using Portal.Core.Assignment;
using Portal.Core.Departments;
using Portal.Core.Escalation;
using Portal.Core.Security;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.TeamHour;

/// <summary>
/// Six advisors in six Chromium browsers work the Service department's inbox through an hour of simulated traffic
/// (least-loaded assignment, escalation after 5 and 10 business minutes). The portal's clock runs <c>speed</c> times
/// faster than real time; customers' texts arrive as signed webhooks; Hangfire's every-minute sweeps are run each
/// simulated minute. One advisor's laptop sleeps for ten simulated minutes behind a <see cref="SocketGate"/>.
/// At the end the database and the browsers' own log are checked: nobody unassigned, no customer text answered twice
/// without a warning, every overdue text escalated on time, the slept laptop caught up.
/// </summary>
internal static partial class TeamHourSimulation
{
    private const string Password = "Advisor-Pass-2026!";

    /// <summary>Wednesday 9 December 2026, 09:00 in Chicago: the Service department is open the whole simulated hour.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 9, 15, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(double speed, int conversations, int minutes, int sleepAtMinute, int sleepMinutes)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"portal-team-hour-{Guid.NewGuid():N}.db");
        using var clock = new AcceleratedClock(Start, speed);
        try
        {
            await using var portal = new WebhookBenchmark.PortalHost(databasePath, new Dictionary<string, string?> { ["Portal:Demo:Customers"] = "20" },
                services => services.AddSingleton<TimeProvider>(clock));
            portal.UseKestrel(0);
            portal.StartServer();
            var portalUrl = portal.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            await using var gate = new SocketGate(portal.ClientOptions.BaseAddress.Port);
            var (departmentId, rules, advisors) = await PrepareAsync(portal.Services);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BenchChromium.LaunchAsync(playwright);
            var log = new ConcurrentBag<AdvisorAction>();
            var bots = new List<AdvisorBot>();
            foreach (var (advisor, index) in advisors.Select((a, i) => (a, i)))
            {
                // The last advisor's laptop is the one that sleeps: all its traffic crosses the gate.
                var url = index == advisors.Count - 1 ? $"http://127.0.0.1:{gate.Port}" : portalUrl;
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
                var bot = new AdvisorBot(advisor.Name, advisor.Id, context, url, clock, log);
                await bot.SignInAsync(advisor.Email, Password);
                bots.Add(bot);
            }

            var simulationStart = clock.GetUtcNow();
            var end = simulationStart.AddMinutes(minutes);
            Console.WriteLine($"Six advisors in Chromium, Service department (least loaded, capacity 12, escalation after {rules.NotifyAssigneeAfter} and " +
                $"{rules.NotifyAssigneeAfter + rules.NotifyManagersAfter} business minutes); {conversations} customers over {minutes} simulated minutes " +
                $"at {speed}× ({clock.Real(TimeSpan.FromMinutes(minutes)).TotalSeconds:F0} s real), from {simulationStart:yyyy-MM-dd HH:mm} UTC.");

            using var stop = new CancellationTokenSource();
            var work = bots.Select(b => Task.Run(() => b.WorkAsync(stop.Token))).ToList();
            using var sweeping = new CancellationTokenSource();
            var sweeps = Task.Run(() => SweepEveryMinuteAsync(portal.Services, clock, sweeping.Token));
            var sleeper = bots[^1];
            var sleep = Task.Run(() => SleepAsync(portal.Services, clock, gate, sleeper, simulationStart.AddMinutes(sleepAtMinute), TimeSpan.FromMinutes(sleepMinutes)));
            var traffic = new Traffic(portalUrl, clock, portal.Services, bots);
            var numbers = await traffic.RunAsync(Traffic.Plan(conversations, minutes, simulationStart, seed: 18), end);

            // The hour is over: the advisors finish what is on their screens (a few simulated minutes), then stop.
            await WaitUntilAsync(clock, end.AddMinutes(3));
            await stop.CancelAsync();
            await Task.WhenAll(work);
            var catchUp = await sleep;
            await sweeping.CancelAsync();
            await sweeps;
            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var failures = await TeamHourChecks.ReportAsync(db, departmentId, rules, numbers, [.. log], catchUp, clock.GetUtcNow().UtcDateTime);
            Console.WriteLine(failures == 0 ? "PASS: every check held." : $"FAIL: {failures} check(s) did not hold.");
            return failures == 0 ? 0 : 1;
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

    private static async Task<(Guid DepartmentId, EscalationRules Rules, List<(Guid Id, string Name, string Email)> Advisors)> PrepareAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var service = await db.Departments.SingleAsync(d => d.Name == "Service");
        var local = TimeZoneInfo.ConvertTime(Start, service.TimeZone).DateTime;
        if (!service.SendingHours.Contains(local) || !service.SendingHours.Contains(local.AddMinutes(75)))
        {
            throw new InvalidOperationException($"The Service department is not open from {local:HH:mm} for the simulated hour.");
        }

        var rules = new EscalationRules(5, 5);
        service.AssignmentMode = AssignmentMode.LeastLoaded;
        service.Escalation = rules;
        service.AssigneeOnlyReplies = false;
        var advisors = new List<(Guid, string, string)>();
        foreach (var name in new[] { "Ana Ruiz", "Ben Carter", "Chloe Nguyen", "Dev Patel", "Erin Walsh", "Femi Okafor" })
        {
            var email = $"{name.Split(' ')[0].ToLowerInvariant()}@sim.portal";
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, Roles.Staff));
            db.DepartmentMembers.Add(new DepartmentMember { DepartmentId = service.Id, UserId = user.Id, Capacity = 12 });
            advisors.Add((user.Id, name, email));
        }

        await db.SaveChangesAsync();
        return (service.Id, rules, advisors);

        static void Check(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }
    }

    /// <summary>What Hangfire does every minute on a job server: escalation and the waiting-assignment sweep.</summary>
    private static async Task SweepEveryMinuteAsync(IServiceProvider services, AcceleratedClock clock, CancellationToken stop)
    {
        var work = services.GetServices<IRecurringWork>().Where(w => w.Name is "escalate-unanswered-texts" or "assign-waiting-conversations").ToList();
        for (var next = clock.GetUtcNow().AddMinutes(1); !stop.IsCancellationRequested; next = next.AddMinutes(1))
        {
            await WaitUntilAsync(clock, next);
            foreach (var item in work)
            {
                var started = Stopwatch.StartNew();
                await item.RunOnceAsync(CancellationToken.None);
                if (Environment.GetEnvironmentVariable("TEAM_HOUR_TRACE") is not null)
                {
                    Console.Error.WriteLine($"{clock.GetUtcNow():HH:mm:ss} {item.Name} {started.ElapsedMilliseconds} ms");
                }
            }
        }
    }

    internal static async Task WaitUntilAsync(AcceleratedClock clock, DateTimeOffset at)
    {
        while (clock.GetUtcNow() < at)
        {
            await Task.Delay(10);
        }
    }
}
