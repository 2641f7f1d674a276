using Microsoft.EntityFrameworkCore;
using Portal.Core.Departments;
using Portal.Core.Reports;
using Portal.Infrastructure.Reports;

namespace Portal.Tests.Infrastructure.Reports;

public sealed class ResponsivenessReportTests : IAsyncLifetime
{
    private static readonly DateTime Day = new(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc);
    private static readonly ReportRange Week = new(new DateTime(2026, 11, 16, 6, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 6, 0, 0, DateTimeKind.Utc));
    private InboxFixture f = default!;
    private IResponsivenessReport report = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        report = new ResponsivenessReport(f.Database);
        await using var db = await f.Database.CreateDbContextAsync();
        db.ResponseTimes.AddRange(
            Row(f.AnaSales.Id, f.Sales.Id, f.SalesRep.Id, first: true, business: 120, wall: 120),
            Row(f.AnaSales.Id, f.Sales.Id, f.SalesRep.Id, first: false, business: 600, wall: 600),
            // Friday evening to Monday morning: five business minutes, three days on the wall.
            Row(f.BenSales.Id, f.Sales.Id, f.SalesRep.Id, first: true, business: 300, wall: 3 * 86400 + 1500),
            Row(f.BenSales.Id, f.Sales.Id, f.SalesRep.Id, first: false, business: 3600, wall: 3600),
            Row(f.CaraService.Id, f.Service.Id, f.ServiceAdvisor.Id, first: true, business: 30, wall: 30),
            // Through the integration API (no person).
            Row(f.AnaService.Id, f.Service.Id, null, first: true, business: 7200, wall: 7200),
            // Answered before the range: not counted.
            Row(f.CaraService.Id, f.Service.Id, f.ServiceAdvisor.Id, first: false, business: 99_000, wall: 99_000, answeredAt: Week.FromUtc.AddMinutes(-1)));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static ResponseTime Row(Guid threadId, Guid departmentId, Guid? userId, bool first, int business, int wall, DateTime? answeredAt = null) => new()
    {
        ThreadId = threadId,
        DepartmentId = departmentId,
        ResponderUserId = userId,
        IsFirstResponse = first,
        BusinessSeconds = business,
        WallSeconds = wall,
        AnsweredAt = answeredAt ?? Day,
        WaitedFrom = (answeredAt ?? Day).AddSeconds(-wall),
    };

    [Fact]
    public async Task Medians_90th_percentiles_and_shares_come_from_the_kept_answers_in_business_and_wall_time()
    {
        var all = await report.GetAsync(f.AdminScope, new ReportFilter(), Week);

        // Every answer, business minutes 0, 2, 5, 10, 60, 120: an answer at exactly 5:00 and 60:00 is within them.
        Assert.Equal(new ResponseStats(6, 5, 120, 3, 4, 5), all.Overall.EveryBusiness);
        // First answers: 0, 2, 5, 120 in business minutes; on the wall the weekend one took 72 hours.
        Assert.Equal(new ResponseStats(4, 2, 120, 3, 3, 3), all.Overall.FirstBusiness);
        Assert.Equal((2, 72 * 60), (all.Overall.FirstWall.MedianMinutes!.Value, all.Overall.FirstWall.P90Minutes!.Value));

        Assert.Equal([("Sales", 4, 5), ("Service", 2, 0)], all.ByDepartment.Select(d => (d.Name, d.EveryBusiness.Count, d.EveryBusiness.MedianMinutes!.Value)));
        Assert.Equal([("Sam Sales", 4), ("Integration API", 1), ("Sue Service", 1)], all.ByUser.Select(u => (u.Name, u.EveryBusiness.Count)));
        Assert.Equal([("Under 1 min", 1, 1), ("1–5 min", 1, 1), ("5–15 min", 1, 2), ("15–60 min", 0, 0), ("1–4 h", 1, 2), ("4–24 h", 0, 0), ("Over a day", 0, 0)],
            all.Distribution.Select(b => (b.Label, b.First, b.Every)));
    }

    [Fact]
    public async Task A_manager_sees_their_departments_filters_narrow_and_someone_who_left_keeps_their_answers()
    {
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            await db.DepartmentMembers.Where(m => m.UserId == f.SalesRep.Id).ExecuteDeleteAsync();
        }

        var sales = await report.GetAsync(f.SalesScope, new ReportFilter(), Week);
        Assert.Equal(4, sales.Overall.EveryBusiness.Count);
        Assert.Equal(["Sales"], sales.ByDepartment.Select(d => d.Name));
        Assert.Equal(["Sam Sales"], sales.ByUser.Select(u => u.Name));

        Assert.Equal(0, (await report.GetAsync(f.SalesScope, new ReportFilter { DepartmentId = f.Service.Id }, Week)).Overall.EveryBusiness.Count);
        Assert.Equal(1, (await report.GetAsync(f.AdminScope, new ReportFilter { UserId = f.ServiceAdvisor.Id }, Week)).Overall.EveryBusiness.Count);
        Assert.Equal(ResponseStats.None, (await report.GetAsync(f.AdminScope, new ReportFilter(), Week with { ToUtc = Day })).Overall.EveryBusiness);
    }

    [Fact]
    public void Report_days_are_whole_days_in_the_dealerships_zone_across_a_DST_change()
    {
        var chicago = DepartmentTimeZone.Find("America/Chicago");
        // Monday 2 November 2026, 21:00 in Chicago (CST, after the clocks went back on Sunday).
        var now = new DateTime(2026, 11, 3, 3, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new ReportRange(new DateTime(2026, 11, 2, 6, 0, 0, DateTimeKind.Utc), now) { Zone = chicago }, ReportRange.For(ReportPeriod.Today, chicago, now));
        // Seven days back is Tuesday 27 October, still on CDT.
        Assert.Equal(new DateTime(2026, 10, 27, 5, 0, 0, DateTimeKind.Utc), ReportRange.For(ReportPeriod.Last7Days, chicago, now).FromUtc);
        Assert.Equal(new DateTime(2026, 10, 4, 5, 0, 0, DateTimeKind.Utc), ReportRange.For(ReportPeriod.Last30Days, chicago, now).FromUtc);
    }
}
