using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Reports;

/// <summary>Managers' reports, as queries the database answers (counts and the first rows), never messages read into memory.</summary>
internal sealed class Reports(IDbContextFactory<PortalDbContext> dbFactory) : IReports
{
    public async Task<WaitingNow> WaitingNowAsync(DepartmentScope scope, ReportFilter filter, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waiting = Waiting(db);
        if (!scope.AllDepartments)
        {
            var allowed = scope.DepartmentIds.ToList();
            waiting = waiting.Where(t => allowed.Contains(t.DepartmentId));
        }

        if (filter.DepartmentId is { } departmentId)
        {
            waiting = waiting.Where(t => t.DepartmentId == departmentId);
        }

        if (filter.UserId is { } userId)
        {
            waiting = waiting.Where(t => t.AssigneeId == userId);
        }

        var count = await waiting.CountAsync(cancellationToken);
        var rows = await waiting.OrderBy(t => t.AwaitingReplySince).ThenBy(t => t.Id).Take(take)
            .Select(t => new
            {
                t.Id,
                t.DepartmentId,
                Department = t.Department!.Name,
                t.Customer!.FirstName,
                t.Customer.LastName,
                t.Customer.Phone,
                t.Customer.Email,
                Assignee = db.Users.Where(u => u.Id == t.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
                Since = t.AwaitingReplySince!.Value,
                t.LastMessagePreview,
                t.EscalationLevel,
            })
            .ToListAsync(cancellationToken);
        var oldest = rows.Count > 0 ? rows[0].Since : (DateTime?)null;
        return new WaitingNow(count, oldest, [.. rows.Select(r => new WaitingConversation(
            r.Id, r.DepartmentId, r.Department, CustomerName(r.FirstName, r.LastName, r.Phone, r.Email), r.Assignee,
            DateTime.SpecifyKind(r.Since, DateTimeKind.Utc), r.LastMessagePreview, r.EscalationLevel > 0))]);
    }

    public async Task<IReadOnlyList<DepartmentWaiting>> WaitingByDepartmentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        var waiting = await Waiting(db).GroupBy(t => t.DepartmentId)
            .Select(g => new { DepartmentId = g.Key, Count = g.Count(), Oldest = g.Min(t => t.AwaitingReplySince) })
            .ToDictionaryAsync(w => w.DepartmentId, cancellationToken);
        return [.. departments.Select(d => waiting.TryGetValue(d.Id, out var w)
            ? new DepartmentWaiting(d.Id, d.Name, w.Count, w.Oldest is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null)
            : new DepartmentWaiting(d.Id, d.Name, 0, null))];
    }

    /// <summary>
    /// Open conversations with a customer text staff have not answered (the thread keeps when that wait began); not a
    /// customer who has opted out, whom nobody may text.
    /// </summary>
    private static IQueryable<ConversationThread> Waiting(PortalDbContext db) =>
        db.Threads.AsNoTracking().Where(t => t.Status == ThreadStatus.Open && t.AwaitingReplySince != null && t.Customer!.Consent != ConsentStatus.OptedOut);

    private static string CustomerName(string first, string last, string? phone, string? email)
    {
        var name = $"{first} {last}".Trim();
        return name.Length > 0 ? name : phone ?? email ?? "Unknown contact";
    }
}
