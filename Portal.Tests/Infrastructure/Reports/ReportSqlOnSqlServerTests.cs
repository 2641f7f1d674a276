using Microsoft.EntityFrameworkCore;
using Portal.Core.Departments;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Reports;

namespace Portal.Tests.Infrastructure.Reports;

/// <summary>
/// The SQL the reports send to SQL Server (generated, never run: there is no server here). Each reads its range with a
/// bare column on the left of the comparison, so the range index seeks it; a function around the column would scan.
/// </summary>
public sealed class ReportSqlOnSqlServerTests
{
    private static readonly ReportRange Month = ReportRange.For(ReportPeriod.Last30Days, DepartmentTimeZone.Find("America/Chicago"), InboxFixture.Now);
    private static readonly DepartmentScope Manager = DepartmentScope.For(Guid.NewGuid(), [Roles.Manager], [Guid.NewGuid()]);

    private static SqlServerPortalDbContext Context() => new(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
        .UseSqlServer("Server=127.0.0.1;Database=never-opened;TrustServerCertificate=True").Options);

    private static void AssertSeeks(string sql, string table, string column)
    {
        Assert.Matches($@"\[{table}\]\.\[{column}\] >= @\w+ AND \[{table}\]\.\[{column}\] < @\w+", sql);
        Assert.DoesNotMatch($@"(CONVERT|CAST|DATEPART|DATEADD|DATEDIFF|COALESCE)\([^)]*\[{column}\]", sql);
    }

    [Fact]
    public void The_hourly_counts_of_a_managers_department_are_read_by_a_range_on_HourStart()
    {
        using var db = Context();

        var sql = ActivityReports.Counts(db, Manager, new ReportFilter(), Month)
            .GroupBy(a => new { a.HourStart, a.Kind }).Select(g => new { g.Key.HourStart, Count = g.Sum(a => a.Count) }).ToQueryString();

        AssertSeeks(sql, "a", nameof(ActivityCount.HourStart));
        Assert.Contains("[a].[DepartmentId]", sql);
    }

    [Fact]
    public void An_hours_recount_reads_its_texts_by_a_range_on_ActivityAt()
    {
        using var db = Context();

        var sql = ActivityCounter.TextsOfHour(db, new DateTime(2026, 11, 23, 17, 0, 0, DateTimeKind.Utc)).ToQueryString();

        AssertSeeks(sql, "m", nameof(Portal.Core.Messages.Message.ActivityAt));
        Assert.Contains("GROUP BY", sql);
    }
}
