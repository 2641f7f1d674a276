using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Abstractions;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Security;

internal sealed class DepartmentScopeProvider(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IDepartmentScopeProvider
{
    public async Task<DepartmentScope> GetScopeForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
        if (user is null || user.LockoutEnd > now)
        {
            return DepartmentScope.Nobody;
        }

        var roles = await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(cancellationToken);
        if (roles.Contains(Roles.Admin))
        {
            return DepartmentScope.For(userId, roles, []);
        }

        var departments = await db.DepartmentMembers.Where(m => m.UserId == userId).Select(m => m.DepartmentId).ToListAsync(cancellationToken);
        return DepartmentScope.For(userId, roles, departments);
    }

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
