using Microsoft.EntityFrameworkCore;
using Portal.Core.Messages;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Reports;

/// <summary>
/// Volume and delivery summed from the hourly <see cref="ActivityCount"/> rows in the database (a year is a few
/// thousand rows, not a million messages); campaigns and consent counted from their own tables.
/// </summary>
internal sealed class ActivityReports(IDbContextFactory<PortalDbContext> dbFactory) : IActivityReports
{
    public async Task<Volume> VolumeAsync(DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = Counts(db, scope, filter, range);
        var hours = await counts
            .GroupBy(a => new { a.HourStart, a.Kind })
            .Select(g => new { g.Key.HourStart, g.Key.Kind, Count = g.Sum(a => a.Count) })
            .ToListAsync(cancellationToken);
        var splits = await counts
            .Where(a => a.Kind == ActivityKind.TextIn || a.Kind == ActivityKind.TextOut)
            .GroupBy(a => new { a.Kind, a.DepartmentId, a.UserId, a.ProviderAccountId, a.Origin })
            .Select(g => new { g.Key.Kind, g.Key.DepartmentId, g.Key.UserId, g.Key.ProviderAccountId, g.Key.Origin, Count = g.Sum(a => a.Count) })
            .ToListAsync(cancellationToken);
        var names = await Names.LoadAsync(db, splits.Select(s => s.DepartmentId), splits.Select(s => s.UserId), splits.Select(s => s.ProviderAccountId), cancellationToken);

        // Each hour's local day and hour of the week, worked out once: a year is 8,760 hours, not 365 × 8,760 looks.
        var local = hours.Select(h => (At: TimeZoneInfo.ConvertTimeFromUtc(h.HourStart, range.Zone), h.Kind, h.Count)).ToList();
        int Sum(ActivityKind kind) => hours.Where(h => h.Kind == kind).Sum(h => h.Count);
        var byDay = local.ToLookup(h => DateOnly.FromDateTime(h.At));
        var days = EachDay(range).Select(day =>
        {
            var of = byDay[day];
            return new VolumeDay(day, Of(of, ActivityKind.TextIn), Of(of, ActivityKind.TextOut), Of(of, ActivityKind.ConversationOpened), Of(of, ActivityKind.ConversationClosed));
        }).ToList();
        var byHour = local.ToLookup(h => ((int)h.At.DayOfWeek * 24) + h.At.Hour);
        var week = Enumerable.Range(0, 7 * 24)
            .Select(i => new VolumeHour((DayOfWeek)(i / 24), i % 24, Of(byHour[i], ActivityKind.TextIn), Of(byHour[i], ActivityKind.TextOut)))
            .ToList();

        return new Volume(
            Sum(ActivityKind.TextIn), Sum(ActivityKind.TextOut), Sum(ActivityKind.ConversationOpened), Sum(ActivityKind.ConversationClosed),
            days, week,
            Rows(splits.Select(s => (Id: (Guid?)s.DepartmentId, s.Kind, s.Count)), id => names.Department(id)),
            Rows(splits.Where(s => s.UserId is not null).Select(s => (Id: s.UserId, s.Kind, s.Count)), id => names.User(id)),
            Rows(splits.Select(s => (Id: s.ProviderAccountId, s.Kind, s.Count)), id => names.Account(id)),
            [.. Enum.GetValues<TextOrigin>().Select(o => new OriginCount(o, splits.Where(s => s.Kind == ActivityKind.TextOut && s.Origin == o).Sum(s => s.Count)))]);
    }

    public async Task<Delivery> DeliveryAsync(DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var outcomes = await Counts(db, scope, filter, range)
            .Where(a => a.Kind == ActivityKind.TextOut)
            .GroupBy(a => new { a.ProviderAccountId, a.Status, a.FailureReason })
            .Select(g => new { g.Key.ProviderAccountId, g.Key.Status, g.Key.FailureReason, Count = g.Sum(a => a.Count) })
            .ToListAsync(cancellationToken);
        var names = await Names.LoadAsync(db, [], [], outcomes.Select(o => o.ProviderAccountId), cancellationToken);
        var cells = outcomes.Select(o => new Outcome(o.ProviderAccountId, o.Status ?? MessageStatus.Failed, o.FailureReason, o.Count)).ToList();

        var byReason = cells
            .Where(c => c.Status is MessageStatus.Failed or MessageStatus.Undelivered)
            .GroupBy(c => c.Reason ?? FailureReason.Unknown)
            .Select(g => new FailureCount(g.Key, g.Key.Describe(), g.Sum(c => c.Count)))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Reason)
            .ToList();
        return new Delivery(
            DeliveryOf(null, "All", cells),
            [.. cells.GroupBy(c => c.AccountId).Select(g => DeliveryOf(g.Key, names.Account(g.Key), g)).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)],
            byReason);
    }

    public Task<IReadOnlyList<CampaignOutcome>> CampaignsAsync(DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default) =>
        CampaignOutcomes.ReadAsync(dbFactory, scope, filter, range, cancellationToken);

    public Task<ConsentReport> ConsentAsync(DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken = default) =>
        ConsentCounts.ReadAsync(dbFactory, scope, filter, range, cancellationToken);

    /// <summary>The hours of the range the caller may see, narrowed to a department and to what a person sent.</summary>
    internal static IQueryable<ActivityCount> Counts(PortalDbContext db, DepartmentScope scope, ReportFilter filter, ReportRange range)
    {
        var counts = db.ActivityCounts.AsNoTracking()
            .Where(a => a.HourStart >= range.FromUtc && a.HourStart < range.ToUtc && a.Kind != ActivityKind.CountedFrom);
        if (!scope.AllDepartments)
        {
            var allowed = scope.DepartmentIds.ToList();
            counts = counts.Where(a => allowed.Contains(a.DepartmentId));
        }

        if (filter.DepartmentId is { } departmentId)
        {
            counts = counts.Where(a => a.DepartmentId == departmentId);
        }

        if (filter.UserId is { } userId)
        {
            counts = counts.Where(a => a.UserId == userId);
        }

        return counts;
    }

    internal static IEnumerable<DateOnly> EachDay(ReportRange range)
    {
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(range.FromUtc, range.Zone));
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(range.ToUtc.AddTicks(-1), range.Zone));
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static int Of(IEnumerable<(DateTime At, ActivityKind Kind, int Count)> hours, ActivityKind kind) => hours.Where(h => h.Kind == kind).Sum(h => h.Count);

    private static List<VolumeRow> Rows(IEnumerable<(Guid? Id, ActivityKind Kind, int Count)> cells, Func<Guid?, string> name) =>
        [.. cells.GroupBy(c => c.Id)
            .Select(g => new VolumeRow(g.Key, name(g.Key), g.Where(c => c.Kind == ActivityKind.TextIn).Sum(c => c.Count), g.Where(c => c.Kind == ActivityKind.TextOut).Sum(c => c.Count)))
            .OrderByDescending(r => r.In + r.Out).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)];

    private sealed record Outcome(Guid? AccountId, MessageStatus Status, FailureReason? Reason, int Count);

    private static DeliveryRow DeliveryOf(Guid? id, string name, IEnumerable<Outcome> outcomes)
    {
        var list = outcomes.ToList();
        int Count(Func<Outcome, bool> pick) => list.Where(pick).Sum(o => o.Count);
        var unknown = Count(o => o.Status == MessageStatus.Failed && o.Reason == FailureReason.OutcomeUnknown);
        return new DeliveryRow(id, name,
            Attempted: Count(_ => true),
            Sent: Count(o => o.Status is MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Undelivered),
            Delivered: Count(o => o.Status == MessageStatus.Delivered),
            Failed: Count(o => o.Status is MessageStatus.Failed or MessageStatus.Undelivered) - unknown,
            OutcomeUnknown: unknown,
            Pending: Count(o => o.Status is MessageStatus.Queued or MessageStatus.Sending or MessageStatus.Retrying));
    }
}
