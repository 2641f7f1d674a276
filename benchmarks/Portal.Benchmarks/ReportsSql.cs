using Portal.Core.Departments;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Reports;

namespace Portal.Benchmarks;

/// <summary>The SQL the reports' two hot queries send to SQL Server, generated without a server, for reading against the indexes.</summary>
internal static class ReportsSql
{
    public static void Print()
    {
        using var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=127.0.0.1;Database=never-opened;TrustServerCertificate=True").Options);
        var now = new DateTime(2026, 12, 2, 18, 0, 0, DateTimeKind.Utc);
        var month = ReportRange.For(ReportPeriod.Last30Days, DepartmentTimeZone.Find("America/Chicago"), now);
        var manager = DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [Guid.NewGuid()]);
        Console.WriteLine("-- Volume of a manager's department for 30 days (per hour and kind)");
        Console.WriteLine(ActivityReports.Counts(db, manager, new ReportFilter(), month)
            .GroupBy(a => new { a.HourStart, a.Kind }).Select(g => new { g.Key.HourStart, g.Key.Kind, Count = g.Sum(a => a.Count) }).ToQueryString());
        Console.WriteLine();
        Console.WriteLine("-- One hour's recount (every minute, for this hour and the last)");
        Console.WriteLine(ActivityCounter.TextsOfHour(db, new DateTime(2026, 12, 2, 17, 0, 0, DateTimeKind.Utc)).ToQueryString());
    }
}
