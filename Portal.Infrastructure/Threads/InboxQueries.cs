using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Security;

namespace Portal.Infrastructure.Threads;

internal sealed class InboxQueries(IDbContextFactory<PortalDbContext> dbFactory) : IInboxQueries
{
    public const int MaxPageSize = 200;

    public async Task<PagedResult<ThreadListItem>> GetThreadsAsync(DepartmentScope scope, InboxFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var userId = scope.UserId;
        var (threads, hits, searching) = Filtered(db, scope, filter);

        // The exact count of unread messages is worked out for the page's rows only.
        var rows = threads.Select(t => new
        {
            Thread = t,
            Unread = db.Messages.Count(m => m.ThreadId == t.Id
                && m.Direction == MessageDirection.Inbound
                && !db.ThreadReadStates.Any(r => r.ThreadId == t.Id && r.UserId == userId && r.LastReadAt >= m.OccurredAt)),
        });

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows
            .OrderByDescending(r => r.Thread.LastActivityAt)
            .ThenBy(r => r.Thread.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(r => new ThreadListItem(
                r.Thread.Id,
                r.Thread.DepartmentId,
                r.Thread.Department!.Name,
                r.Thread.Department.TimeZoneId,
                r.Thread.CustomerId,
                (r.Thread.Customer!.FirstName + " " + r.Thread.Customer.LastName).Trim(),
                r.Thread.Customer.Phone,
                r.Thread.LastMessagePreview,
                r.Thread.LastMessageDirection,
                r.Thread.LastActivityAt,
                r.Thread.Status,
                r.Thread.AssigneeId,
                db.Users.Where(u => u.Id == r.Thread.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
                r.Unread,
                r.Thread.Customer.Consent == ConsentStatus.OptedOut,
                searching ? hits.Where(m => m.ThreadId == r.Thread.Id).OrderByDescending(m => m.OccurredAt).Select(m => m.Body).FirstOrDefault() : null,
                db.Messages.Where(m => m.ThreadId == r.Thread.Id && m.Kind == MessageKind.Text && m.Direction == MessageDirection.Outbound)
                    .OrderByDescending(m => m.OccurredAt).Select(m => m.AuthorName).FirstOrDefault(),
                r.Thread.Status == ThreadStatus.Open && r.Thread.AwaitingReplySince != null && r.Thread.EscalationLevel > 0))
            .ToListAsync(cancellationToken);
        // The page's labels in one more query, not one per row.
        var ids = items.Select(i => i.Id).ToList();
        var labels = (await (from tag in db.ThreadLabels.AsNoTracking()
                             join label in db.Labels on tag.LabelId equals label.Id
                             where ids.Contains(tag.ThreadId)
                             select new { tag.ThreadId, label.Id, label.DepartmentId, label.Name, label.Color })
                .ToListAsync(cancellationToken))
            .ToLookup(l => l.ThreadId, l => new Core.Labels.LabelView(l.Id, l.DepartmentId, l.Name, l.Color));
        items = [.. items.Select(i => labels.Contains(i.Id) ? i with { Labels = [.. labels[i.Id].OrderBy(l => l.Name)] } : i)];

        return new PagedResult<ThreadListItem>(items, total, page, pageSize);
    }

    /// <summary>How many conversations a filter holds (a saved view's count), without reading any of them.</summary>
    public async Task<int> CountAsync(DepartmentScope scope, InboxFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Filtered(db, scope, filter).Threads.CountAsync(cancellationToken);
    }

    /// <summary>The threads a filter selects for the scope, and the messages a search matched.</summary>
    private static (IQueryable<ConversationThread> Threads, IQueryable<Message> Hits, bool Searching) Filtered(PortalDbContext db, DepartmentScope scope, InboxFilter filter)
    {
        var userId = scope.UserId;
        var threads = db.Threads.AsNoTracking().VisibleTo(scope);
        if (filter.DepartmentId is { } departmentId)
        {
            threads = threads.Where(t => t.DepartmentId == departmentId);
        }

        if (filter.Status is { } status)
        {
            threads = threads.Where(t => t.Status == status);
        }

        if (filter.AssignedToMe)
        {
            threads = threads.Where(t => t.AssigneeId == userId);
        }

        // Search covers the customer and what was written: texts and notes, however old, with every word in any order.
        var searching = SearchWords.Of(filter.Search).Count > 0;
        var hits = db.Messages.Where(m => m.Kind == MessageKind.Text || m.Kind == MessageKind.Note);
        foreach (var word in SearchWords.Of(filter.Search))
        {
            var pattern = CustomerSearch.LikePattern(word);
            hits = hits.Where(m => EF.Functions.Like(m.Body, pattern, "\\"));
        }

        if (searching)
        {
            var customers = CustomerSearch.Matching(db.Customers, filter.Search!);
            threads = threads.Where(t => customers.Any(c => c.Id == t.CustomerId) || hits.Any(m => m.ThreadId == t.Id));
        }

        if (filter.UnreadOnly)
        {
            threads = threads.Where(UnreadBy(db, userId));
        }

        if (filter.OverdueOnly)
        {
            threads = threads.Where(Overdue);
        }

        if (filter.LabelId is { } labelId)
        {
            threads = threads.Where(t => db.ThreadLabels.Any(l => l.ThreadId == t.Id && l.LabelId == labelId));
        }

        return (threads, hits, searching);
    }

    public async Task<IReadOnlyList<DepartmentInboxCount>> GetDepartmentCountsAsync(DepartmentScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var userId = scope.UserId;
        var memberOf = scope.DepartmentIds.ToList();
        var departments = scope.AllDepartments
            ? db.Departments.AsNoTracking()
            : db.Departments.AsNoTracking().Where(d => memberOf.Contains(d.Id));

        var unread = db.Threads.Where(t => t.Status != ThreadStatus.Closed).Where(UnreadBy(db, userId));
        return await departments
            .OrderBy(d => d.Name)
            .Select(d => new DepartmentInboxCount(
                d.Id,
                d.Name,
                db.Threads.Count(t => t.DepartmentId == d.Id && t.Status != ThreadStatus.Closed),
                unread.Count(t => t.DepartmentId == d.Id))
            {
                TimeZoneId = d.TimeZoneId,
                OverdueThreads = db.Threads.Where(Overdue).Count(t => t.DepartmentId == d.Id),
            })
            .ToListAsync(cancellationToken);
    }

    private static readonly System.Linq.Expressions.Expression<Func<ConversationThread, bool>> Overdue =
        t => t.Status == ThreadStatus.Open && t.AwaitingReplySince != null && t.EscalationLevel > 0;

    /// <summary>The customer wrote after the user last read the thread (or the user never read it).</summary>
    private static System.Linq.Expressions.Expression<Func<ConversationThread, bool>> UnreadBy(PortalDbContext db, Guid userId) =>
        t => t.LastInboundAt != null
            && !db.ThreadReadStates.Any(r => r.ThreadId == t.Id && r.UserId == userId && r.LastReadAt >= t.LastInboundAt);
}
