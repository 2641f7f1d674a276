using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// A real SQLite database in memory, alive while the connection is open, with the real migrations applied.
/// Hands out contexts through the same <see cref="IDbContextFactory{TContext}"/> the app uses.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection connection;
    private readonly DbContextOptions<SqlitePortalDbContext> options;

    public TestDatabase(TimeProvider? clock = null)
    {
        connection = new SqliteConnection($"Data Source=file:test-{Guid.NewGuid():N}?mode=memory&cache=shared");
        connection.Open();
        options = new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(connection)
            .AddInterceptors(new AuditTimestampsInterceptor(clock ?? TimeProvider.System))
            .Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);

    public Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    public async Task SeedAsync(params object[] entities)
    {
        await using var db = CreateDbContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    public void Dispose() => connection.Dispose();

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
