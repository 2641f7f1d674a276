using System.Text.RegularExpressions;
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
}
