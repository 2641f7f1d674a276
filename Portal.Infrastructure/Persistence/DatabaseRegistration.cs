using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Persistence;

/// <summary>The one place that picks the database provider.</summary>
public static class DatabaseRegistration
{
    internal static void SqliteOptions(SqliteDbContextOptionsBuilder sqlite) =>
        sqlite.MigrationsHistoryTable("__EFMigrationsHistory");

    internal static void SqlServerOptions(SqlServerDbContextOptionsBuilder sqlServer) =>
        sqlServer.MigrationsHistoryTable("__EFMigrationsHistory");

    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString, string contentRoot)
    {
        services.AddSingleton<AuditTimestampsInterceptor>();
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = PrepareSqliteConnectionString(connectionString, contentRoot);
                services.AddDbContextFactory<SqlitePortalDbContext>((sp, o) => o
                    .UseSqlite(sqlite, SqliteOptions)
                    .AddInterceptors(sp.GetRequiredService<AuditTimestampsInterceptor>(), new SqliteBusyTimeoutInterceptor()));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlitePortalDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextFactory<SqlServerPortalDbContext>((sp, o) => o
                    .UseSqlServer(connectionString, SqlServerOptions)
                    .AddInterceptors(sp.GetRequiredService<AuditTimestampsInterceptor>()));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlServerPortalDbContext>>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }

        // Identity's stores want a scoped context; it comes from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Resolves a relative SQLite file against the content root and creates its folder.</summary>
    public static string PrepareSqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(contentRoot, builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        builder.Pooling = true;
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
