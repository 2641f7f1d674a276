using Microsoft.EntityFrameworkCore;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Reports;

/// <summary>
/// Opt-outs and opt-ins from the consent ledger, by when the customer acted. A number's consent is the dealership's,
/// not a department's: a department's report counts the entries of numbers whose customer has a conversation in it,
/// and "all departments" counts each entry once.
/// </summary>
internal static class ConsentCounts
{
    public static async Task<ConsentReport> ReadAsync(
        IDbContextFactory<PortalDbContext> dbFactory, DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.ConsentEntries.AsNoTracking().Where(e => e.ActedAt >= range.FromUtc && e.ActedAt < range.ToUtc);
        if (!scope.AllDepartments || filter.DepartmentId is not null)
        {
            // Entry → its number's one customer (unique phone) → a conversation in the departments, as joins (not a
            // correlated EXISTS, for which SQLite may pick the department index and scan it once per entry).
            var allowed = filter.DepartmentId is { } only ? [only] : scope.DepartmentIds.ToList();
            var threads = allowed.Count == 1
                ? db.Threads.Where(t => t.DepartmentId == allowed[0])
                : db.Threads.Where(t => allowed.Contains(t.DepartmentId));
            entries = entries
                .Join(db.Customers, e => e.Number, c => c.Phone, (e, c) => new { Entry = e, CustomerId = c.Id })
                .Join(threads, x => x.CustomerId, t => t.CustomerId, (x, _) => x.Entry);
        }

        // A ledger holds a few entries per thousand texts: their instants are read to split them into local days.
        var acted = await entries.Select(e => new { e.Id, e.ActedAt, e.Status, e.Source }).Distinct().ToListAsync(cancellationToken);
        var sent = await ActivityReports.Counts(db, scope, filter with { UserId = null }, range)
            .Where(a => a.Kind == ActivityKind.TextOut
                && (a.Status == MessageStatus.Sent || a.Status == MessageStatus.Delivered || a.Status == MessageStatus.Undelivered))
            .SumAsync(a => a.Count, cancellationToken);

        var byDay = acted.ToLookup(e => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(e.ActedAt, range.Zone)));
        var days = ActivityReports.EachDay(range)
            .Select(day => new ConsentDay(day, byDay[day].Count(e => e.Status == ConsentStatus.OptedOut), byDay[day].Count(e => e.Status == ConsentStatus.OptedIn)))
            .ToList();
        var sources = Enum.GetValues<ConsentSource>()
            .Select(s => new ConsentSourceCount(s, acted.Count(e => e.Source == s && e.Status == ConsentStatus.OptedOut), acted.Count(e => e.Source == s && e.Status == ConsentStatus.OptedIn)))
            .ToList();
        return new ConsentReport(acted.Count(e => e.Status == ConsentStatus.OptedOut), acted.Count(e => e.Status == ConsentStatus.OptedIn), sent, days, sources);
    }
}
