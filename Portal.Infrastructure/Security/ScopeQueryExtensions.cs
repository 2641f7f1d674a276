using Portal.Core.Security;
using Portal.Core.Threads;

namespace Portal.Infrastructure.Security;

internal static class ScopeQueryExtensions
{
    public static IQueryable<ConversationThread> VisibleTo(this IQueryable<ConversationThread> threads, DepartmentScope scope)
    {
        if (scope.AllDepartments)
        {
            return threads;
        }

        var ids = scope.DepartmentIds.ToList();
        return threads.Where(t => ids.Contains(t.DepartmentId));
    }
}
