using Microsoft.EntityFrameworkCore;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Reports;

/// <summary>
/// Response times from the rows kept with each answer: the database counts them per department, person, kind and
/// minute (hours past a day), and the percentiles and shares are read from those counts, so no row is loaded.
/// </summary>
internal sealed class ResponsivenessReport(IDbContextFactory<PortalDbContext> dbFactory) : IResponsivenessReport
{
    private static readonly (string Label, int From, int To)[] Buckets =
    [
        ("Under 1 min", 0, 1), ("1–5 min", 1, 5), ("5–15 min", 5, 15), ("15–60 min", 15, 60),
        ("1–4 h", 60, 240), ("4–24 h", 240, 1440), ("Over a day", 1440, int.MaxValue),
    ];

    private sealed record Cell(Guid DepartmentId, Guid? UserId, bool First, int Minute, int Count, int OnTheMinute);

    public async Task<Responsiveness> GetAsync(DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default)
    {
        // The business and the wall-clock counts each on a connection of its own, at once: a year is two passes over its rows.
        var businessTask = CountAsync(scope, filter, range, rows => rows
            .GroupBy(r => new { r.DepartmentId, r.ResponderUserId, r.IsFirstResponse, Minute = r.BusinessSeconds < 86400 ? r.BusinessSeconds / 60 : r.BusinessSeconds / 3600 * 60 })
            .Select(g => new Cell(g.Key.DepartmentId, g.Key.ResponderUserId, g.Key.IsFirstResponse, g.Key.Minute, g.Count(), g.Count(r => r.BusinessSeconds % 60 == 0))), cancellationToken);
        var wallTask = CountAsync(scope, filter, range, rows => rows
            .GroupBy(r => new { r.DepartmentId, r.ResponderUserId, r.IsFirstResponse, Minute = r.WallSeconds < 86400 ? r.WallSeconds / 60 : r.WallSeconds / 3600 * 60 })
            .Select(g => new Cell(g.Key.DepartmentId, g.Key.ResponderUserId, g.Key.IsFirstResponse, g.Key.Minute, g.Count(), g.Count(r => r.WallSeconds % 60 == 0))), cancellationToken);
        await Task.WhenAll(businessTask, wallTask);
        var (business, wall) = (businessTask.Result, wallTask.Result);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var departmentIds = business.Select(c => c.DepartmentId).Distinct().ToList();
        var departments = await db.Departments.Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var userIds = business.Where(c => c.UserId is not null).Select(c => c.UserId!.Value).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        ResponsivenessRow Row(Guid? id, string name, Func<Cell, bool> pick) => new(
            id, name,
            Stats(business.Where(c => c.First && pick(c))), Stats(wall.Where(c => c.First && pick(c))),
            Stats(business.Where(pick)), Stats(wall.Where(pick)));

        return new Responsiveness(
            Row(null, "All", _ => true),
            [.. departmentIds.Select(id => Row(id, departments.GetValueOrDefault(id, "(removed)"), c => c.DepartmentId == id)).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)],
            [.. business.Select(c => c.UserId).Distinct()
                .Select(id => Row(id, id is { } known ? users.GetValueOrDefault(known, "(removed)") : "Integration API", c => c.UserId == id))
                .OrderByDescending(r => r.EveryBusiness.Count).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)],
            [.. Buckets.Select(b => new ResponseBucket(b.Label,
                business.Where(c => c.First && c.Minute >= b.From && c.Minute < b.To).Sum(c => c.Count),
                business.Where(c => c.Minute >= b.From && c.Minute < b.To).Sum(c => c.Count)))]);
    }

    private async Task<List<Cell>> CountAsync(
        DepartmentScope scope, ReportFilter filter, ReportRange range, Func<IQueryable<ResponseTime>, IQueryable<Cell>> count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.ResponseTimes.AsNoTracking().Where(r => r.AnsweredAt >= range.FromUtc && r.AnsweredAt < range.ToUtc);
        if (!scope.AllDepartments)
        {
            var allowed = scope.DepartmentIds.ToList();
            rows = rows.Where(r => allowed.Contains(r.DepartmentId));
        }

        if (filter.DepartmentId is { } departmentId)
        {
            rows = rows.Where(r => r.DepartmentId == departmentId);
        }

        if (filter.UserId is { } userId)
        {
            rows = rows.Where(r => r.ResponderUserId == userId);
        }

        return await count(rows).ToListAsync(cancellationToken);
    }

    private static ResponseStats Stats(IEnumerable<Cell> cells)
    {
        var minutes = cells.GroupBy(c => c.Minute)
            .Select(g => (Minute: g.Key, Count: g.Sum(c => c.Count), OnTheMinute: g.Sum(c => c.OnTheMinute)))
            .OrderBy(m => m.Minute).ToList();
        var total = minutes.Sum(m => m.Count);
        if (total == 0)
        {
            return ResponseStats.None;
        }

        int Percentile(double share)
        {
            var rank = (int)Math.Ceiling(share * total);
            var seen = 0;
            foreach (var (minute, count, _) in minutes)
            {
                seen += count;
                if (seen >= rank)
                {
                    return minute;
                }
            }

            return minutes[^1].Minute;
        }

        // Within N minutes includes an answer at exactly N:00.
        int Within(int limit) => minutes.Where(m => m.Minute < limit).Sum(m => m.Count) + minutes.Where(m => m.Minute == limit).Sum(m => m.OnTheMinute);

        return new ResponseStats(total, Percentile(0.5), Percentile(0.9), Within(5), Within(15), Within(60));
    }
}
