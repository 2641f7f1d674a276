using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// A real SQLite database with the real migrations applied, handed out through the same
/// <see cref="IDbContextFactory{TContext}"/> the app uses. In memory (alive while one connection stays open) by
/// default; a temporary file when contexts must work concurrently, each on its own connection as in the app.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection? keepAlive;
    private readonly string? path;
    private readonly DbContextOptions<SqlitePortalDbContext> options;

    public TestDatabase(TimeProvider? clock = null, bool onDisk = false)
    {
        var builder = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        if (onDisk)
        {
            path = Path.Combine(Path.GetTempPath(), $"portal-unit-{Guid.NewGuid():N}.db");
            builder.UseSqlite(DatabaseRegistration.PrepareSqliteConnectionString($"Data Source={path}", Path.GetTempPath()));
        }
        else
        {
            keepAlive = new SqliteConnection($"Data Source=file:test-{Guid.NewGuid():N}?mode=memory&cache=shared");
            keepAlive.Open();
            builder.UseSqlite(keepAlive);
        }

        options = builder.AddInterceptors(new AuditTimestampsInterceptor(clock ?? TimeProvider.System)).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
        if (onDisk)
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
    }

    public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);

    public Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    public async Task SeedAsync(params object[] entities)
    {
        await using var db = CreateDbContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    public void Dispose()
    {
        keepAlive?.Dispose();
        if (path is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
