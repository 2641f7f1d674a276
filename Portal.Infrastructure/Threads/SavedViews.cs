using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Threads;

internal sealed class SavedViews(IDbContextFactory<PortalDbContext> dbFactory, IInboxQueries inbox) : ISavedViews
{
    public async Task<IReadOnlyList<SavedViewCount>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var views = await db.SavedViews.AsNoTracking().Where(v => v.UserId == scope.UserId).OrderBy(v => v.Name).ToListAsync(cancellationToken);
        var counted = new List<SavedViewCount>(views.Count);
        foreach (var view in views)
        {
            // A view of a department the user has since left counts only what they may still see.
            counted.Add(new SavedViewCount(view.Id, view.Name, view.Filter, await inbox.CountAsync(scope, view.Filter.Shown, cancellationToken)));
        }

        return counted;
    }

    public async Task<Guid> SaveAsync(DepartmentScope scope, string name, InboxFilter filter, CancellationToken cancellationToken = default)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > SavedView.MaxNameLength)
        {
            throw new ValidationException("Name", $"Name the view in 1 to {SavedView.MaxNameLength} characters.");
        }

        if (scope.UserId == Guid.Empty)
        {
            throw new AccessDeniedException();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var view = await db.SavedViews.FirstOrDefaultAsync(v => v.UserId == scope.UserId && v.Name == trimmed, cancellationToken);
        if (view is null)
        {
            if (await db.SavedViews.CountAsync(v => v.UserId == scope.UserId, cancellationToken) >= SavedView.MaxPerUser)
            {
                throw new ValidationException("Name", $"You have {SavedView.MaxPerUser} views, the most there can be. Delete one first.");
            }

            view = new SavedView { UserId = scope.UserId, Name = trimmed };
            db.SavedViews.Add(view);
        }

        view.Filter = filter with { Search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim() };
        await db.SaveChangesAsync(cancellationToken);
        return view.Id;
    }

    public async Task DeleteAsync(DepartmentScope scope, Guid viewId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SavedViews.Where(v => v.Id == viewId && v.UserId == scope.UserId).ExecuteDeleteAsync(cancellationToken);
    }
}
