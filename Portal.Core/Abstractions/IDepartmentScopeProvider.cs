using System.Security.Claims;
using Portal.Core.Security;

namespace Portal.Core.Abstractions;

/// <summary>Resolves the signed-in user's departments from the database each time, so a revoked membership takes effect at once.</summary>
public interface IDepartmentScopeProvider
{
    Task<DepartmentScope> GetScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>A user's scope from the database alone (roles, memberships, lock-out): nobody's when locked out or gone.</summary>
    Task<DepartmentScope> GetScopeForUserAsync(Guid userId, CancellationToken cancellationToken = default);
}
