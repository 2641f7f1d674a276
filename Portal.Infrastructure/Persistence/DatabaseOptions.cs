namespace Portal.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Bound from <c>Portal:Database</c>; the connection string is <c>ConnectionStrings:Portal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Portal:Database";
    public const string DefaultSqliteConnectionString = "Data Source=data/portal.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
