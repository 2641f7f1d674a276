using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Threads;

/// <summary>A user's own named inbox filter ("My overdue", "Trade-ins in Sales"), listed with a live count.</summary>
public class SavedView : Entity
{
    public const int MaxNameLength = 40;
    public const int MaxPerUser = 20;

    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public InboxFilter Filter { get; set; } = new();
}

public sealed record SavedViewCount(Guid Id, string Name, InboxFilter Filter, int Count);

public interface ISavedViews
{
    /// <summary>The user's views, by name, each with how many conversations it holds now (within their scope).</summary>
    Task<IReadOnlyList<SavedViewCount>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default);

    /// <summary>Saves the filter under a name (the same name replaces it); a blank or long name, or a 21st view, is refused.</summary>
    Task<Guid> SaveAsync(DepartmentScope scope, string name, InboxFilter filter, CancellationToken cancellationToken = default);

    Task DeleteAsync(DepartmentScope scope, Guid viewId, CancellationToken cancellationToken = default);
}
