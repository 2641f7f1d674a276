using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.Support;

/// <summary>
/// For tests that run the portal as its own process (<see cref="PortalProcess"/>) over a SQLite file of their own,
/// texting through a fake Surge that answers after <paramref name="surgeLatency"/>; both are removed afterwards.
/// </summary>
public abstract class FakeSurgeProcessTest(string name, TimeSpan surgeLatency) : IAsyncLifetime
{
    protected string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"portal-{name}-{Guid.NewGuid():N}.db");

    protected FakeProviderServer Surge { get; private set; } = default!;

    public async Task InitializeAsync() =>
        Surge = await FakeProviderServer.StartAsync(SeedConformance.Surge, _ => new FakeResponse(201, $"{{\"id\":\"msg_{Guid.NewGuid():N}\"}}", surgeLatency));

    public async Task DisposeAsync()
    {
        await Surge.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        PortalFactory.DeleteDatabase(DatabasePath);
    }

    /// <summary>The numbers the fake Surge was asked to text, as found by <paramref name="number"/> in each request (without the plus).</summary>
    protected List<string> TextedNumbers(Regex number) =>
        [.. Surge.Sends().Select(r => number.Match(r.Body)).Where(m => m.Success).Select(m => "+" + m.Value)];

    protected SqlitePortalDbContext Database() => PortalProcess.Database(DatabasePath);

    /// <summary>
    /// Waits, on the wall clock the killed process ran on, until its last send in flight and its campaign leases are
    /// older than <paramref name="stuckAfter"/>: then the restarted portal's first sweep settles them at once. The
    /// wait is worked out from what the database holds, not guessed.
    /// </summary>
    protected async Task WaitUntilCutOffWorkIsStaleAsync(TimeSpan stuckAfter)
    {
        DateTime staleAt;
        await using (var db = Database())
        {
            var lastSend = await db.Messages.Where(m => m.Status == Portal.Core.Messages.MessageStatus.Sending)
                .MaxAsync(m => (DateTime?)m.UpdatedAt) ?? DateTime.MinValue;
            var lastLease = await db.Campaigns.MaxAsync(c => c.RunnerLeaseUntil) ?? DateTime.MinValue;
            staleAt = new[] { lastSend + stuckAfter, lastLease }.Max();
        }

        // A little past it: SQLite keeps the times to the tick, the sweep compares with "older than".
        var wait = staleAt - DateTime.UtcNow + TimeSpan.FromMilliseconds(250);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
