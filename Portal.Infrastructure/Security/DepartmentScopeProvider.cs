using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Abstractions;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Security;

internal sealed class DepartmentScopeProvider(IDbContextFactory<PortalDbContext> dbFactory) : IDepartmentScopeProvider
{
    public async Task<DepartmentScope> GetScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return DepartmentScope.Nobody;
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (roles.Contains(Roles.Admin))
        {
            return DepartmentScope.For(userId, roles, []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.DepartmentMembers
            .Where(m => m.UserId == userId)
            .Select(m => m.DepartmentId)
            .ToListAsync(cancellationToken);
        return DepartmentScope.For(userId, roles, departments);
    }
}
