using Microsoft.EntityFrameworkCore;
using Portal.Core.Assignment;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Assignment;

/// <summary>A department's members as assignment sees them now: load, capacity, and whether they can take work.</summary>
internal sealed class AssignmentCandidates(IUserPresence presence, TimeProvider clock)
{
    public async Task<IReadOnlyList<AssignmentCandidate>> ForAsync(PortalDbContext db, Guid departmentId, CancellationToken cancellationToken)
    {
        var members = await db.DepartmentMembers.AsNoTracking()
            .Where(m => m.DepartmentId == departmentId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.LockoutEnd, u.AwaySince, m.Capacity })
            .ToListAsync(cancellationToken);
        var load = await db.Threads.AsNoTracking()
            .Where(t => t.DepartmentId == departmentId && t.AssigneeId != null && t.Status != ThreadStatus.Closed)
            .GroupBy(t => t.AssigneeId!.Value)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.UserId, x => x.Count, cancellationToken);
        var online = await presence.OnlineAmongAsync([.. members.Select(m => m.Id)], cancellationToken);
        var now = clock.GetUtcNow();
        return [.. members
            .OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id)
            .Select(m => new AssignmentCandidate(
                m.Id, m.DisplayName, load.GetValueOrDefault(m.Id), m.Capacity,
                IsAvailable: online.Contains(m.Id) && m.AwaySince is null && !(m.LockoutEnd > now)))];
    }
}
