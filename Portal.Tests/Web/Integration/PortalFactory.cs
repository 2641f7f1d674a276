using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The real app over a real SQLite file of its own, with demo data, no job server, captured logs, and a
/// <see cref="HostClock"/> that starts at a fixed instant (a weekday inside sending hours unless the test names one).
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo-Pass-2026!";
    public const string AdminEmail = "admin@test.portal";
    public const string AdminPassword = "Admin-Pass-2026!";

    private readonly Dictionary<string, string?> settings;

    private readonly bool ownsDatabase;

    public PortalFactory() : this(Path.Combine(Path.GetTempPath(), $"portal-test-{Guid.NewGuid():N}.db"), new Dictionary<string, string?>()) =>
        ownsDatabase = true;

    /// <summary>A host over a database file the caller owns, so a second host can start on it after this one stops.</summary>
    internal PortalFactory(string databasePath, IDictionary<string, string?> overrides, DateTimeOffset? clockStart = null)
    {
        DatabasePath = databasePath;
        Clock = new HostClock(clockStart);
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
            ["Portal:Database:Provider"] = "Sqlite",
            ["Portal:Demo:Seed"] = "true",
            ["Portal:Demo:Password"] = DemoPassword,
            ["Portal:Demo:Customers"] = "40",
            ["Portal:Admin:Email"] = AdminEmail,
            ["Portal:Admin:Password"] = AdminPassword,
            ["Portal:Jobs:Server"] = "false",
            ["Portal:Security:LoginAttemptsPerMinute"] = "1000",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
    }

    public string DatabasePath { get; }

    /// <summary>The host's clock: every <see cref="TimeProvider"/> in the app is this one.</summary>
    public HostClock Clock { get; }

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the app serves only published assets; the tests run from the build output.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Clock.Dispose();
        if (!ownsDatabase)
        {
            GC.SuppressFinalize(this);
            return;
        }

        DeleteDatabase(DatabasePath);
        GC.SuppressFinalize(this);
    }

    public static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(sink);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue(exception is null ? formatter(state, exception) : $"{formatter(state, exception)} {exception}");
        }
    }
}
