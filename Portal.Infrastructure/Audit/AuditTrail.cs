using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Common;
using Portal.Core.Security;
using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

internal sealed class AuditTrail(IDbContextFactory<PortalDbContext> dbFactory) : IAuditTrail
{
    public async Task<PagedResult<AuditEntryView>> ListAsync(DepartmentScope scope, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!scope.IsAdmin)
        {
            // Staff and managers see the history of a conversation they may open, and nothing wider.
            var department = filter.ThreadId is { } threadId
                ? await db.Threads.Where(t => t.Id == threadId).Select(t => (Guid?)t.DepartmentId).FirstOrDefaultAsync(cancellationToken)
                : null;
            if (department is not { } id || !scope.Allows(id))
            {
                throw new AccessDeniedException();
            }
        }

        var entries = db.AuditEntries.AsNoTracking();
        if (filter.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (filter.DepartmentId is { } departmentId)
        {
            entries = entries.Where(e => e.DepartmentId == departmentId);
        }

        if (filter.ThreadId is { } thread)
        {
            entries = entries.Where(e => e.ThreadId == thread);
        }

        foreach (var word in SearchWords.Of(filter.Search))
        {
            var pattern = CustomerSearch.LikePattern(word);
            entries = entries.Where(e => EF.Functions.Like(e.Summary, pattern, "\\") || EF.Functions.Like(e.ActorName, pattern, "\\"));
        }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new AuditEntryView(e.Id, e.At, e.Action, e.ActorName,
                db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault(), e.ThreadId, e.Summary))
            .ToListAsync(cancellationToken);
        return new PagedResult<AuditEntryView>(items, total, page, pageSize);
    }
}
