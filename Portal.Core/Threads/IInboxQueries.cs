using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Threads;

public interface IInboxQueries
{
    Task<PagedResult<ThreadListItem>> GetThreadsAsync(DepartmentScope scope, InboxFilter filter, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>How many conversations <paramref name="filter"/> holds for the scope.</summary>
    Task<int> CountAsync(DepartmentScope scope, InboxFilter filter, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DepartmentInboxCount>> GetDepartmentCountsAsync(DepartmentScope scope, CancellationToken cancellationToken = default);
}
