using Microsoft.EntityFrameworkCore;
using Portal.Core.Assignment;
using Portal.Core.Common;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Templates;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Assignment;

internal sealed class TeamSettings(
    IDbContextFactory<PortalDbContext> dbFactory,
    IUserPresence presence,
    IConversationAssigner assigner,
    IConversationNotifier notifier,
    ITemplateService templates,
    TimeProvider clock) : ITeamSettings
{
    public async Task<IReadOnlyList<TeamSettingsView>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await ManagesAsync(db, scope, cancellationToken))
        {
            return [];
        }

        var departments = await db.Departments.AsNoTracking()
            .Where(d => scope.AllDepartments || scope.DepartmentIds.Contains(d.Id))
            .OrderBy(d => d.Name)
            .ToListAsync(cancellationToken);
        var ids = departments.Select(d => d.Id).ToList();
        var members = await db.DepartmentMembers.AsNoTracking()
            .Where(m => ids.Contains(m.DepartmentId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.DepartmentId, u.Id, u.DisplayName, m.Capacity, u.AwaySince })
            .ToListAsync(cancellationToken);
        var load = await db.Threads.AsNoTracking()
            .Where(t => ids.Contains(t.DepartmentId) && t.AssigneeId != null && t.Status != ThreadStatus.Closed)
            .GroupBy(t => new { t.DepartmentId, UserId = t.AssigneeId!.Value })
            .Select(g => new { g.Key.DepartmentId, g.Key.UserId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var online = await presence.OnlineAmongAsync([.. members.Select(m => m.Id).Distinct()], cancellationToken);
        return [.. departments.Select(d => new TeamSettingsView(d.Id, d.Name, d.AssignmentMode, [.. members
            .Where(m => m.DepartmentId == d.Id)
            .OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(m => new TeamMemberView(
                m.Id, m.DisplayName, m.Capacity,
                load.FirstOrDefault(l => l.DepartmentId == d.Id && l.UserId == m.Id)?.Count ?? 0,
                m.AwaySince is not null, online.Contains(m.Id)))])
        {
            Hours = d.SendingHours.Describe(),
            TimeZoneId = d.TimeZoneId,
            AfterHoursReply = d.AfterHoursReply,
            Escalation = d.Escalation,
            AssigneeOnlyReplies = d.AssigneeOnlyReplies,
        })];
    }

    public async Task SaveAsync(DepartmentScope scope, Guid departmentId, TeamSettingsInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(input.Mode))
        {
            throw new ValidationException(nameof(input.Mode), "Pick off, round-robin or least-loaded.");
        }

        var bad = input.Capacities.FirstOrDefault(c => c.Value is < 0 or > TeamSettingsInput.MaxCapacity);
        if (bad.Value is not null)
        {
            throw new ValidationException($"Capacities[{bad.Key}]", $"A capacity is a number of open conversations from 0 to {TeamSettingsInput.MaxCapacity}, or empty for no limit.");
        }

        var afterHours = string.IsNullOrWhiteSpace(input.AfterHoursReply) ? null : input.AfterHoursReply.Trim();
        if (afterHours is not null && (afterHours.Length > Core.AfterHours.AfterHoursReply.MaxLength ? $"An after-hours reply can be at most {Core.AfterHours.AfterHoursReply.MaxLength} characters." : templates.Validate(afterHours)) is { } why)
        {
            throw new ValidationException(nameof(input.AfterHoursReply), why);
        }

        if (input.Escalation.Problems() is { Count: > 0 } problems)
        {
            throw new ValidationException(problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!scope.Allows(departmentId) || !await ManagesAsync(db, scope, cancellationToken))
        {
            throw new AccessDeniedException();
        }

        var department = await db.Departments.Include(d => d.Members).FirstOrDefaultAsync(d => d.Id == departmentId, cancellationToken)
            ?? throw new NotFoundException("The department");
        var strangers = input.Capacities.Keys.Where(id => department.Members.All(m => m.UserId != id)).ToList();
        if (strangers.Count > 0)
        {
            throw new ValidationException(nameof(input.Capacities), "Capacities can be set only for members of the department.");
        }

        department.AssignmentMode = input.Mode;
        department.AfterHoursReply = afterHours;
        department.Escalation = input.Escalation;
        department.AssigneeOnlyReplies = input.AssigneeOnlyReplies;
        var names = await db.Users.Where(u => department.Members.Select(m => m.UserId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var limits = department.Members.Where(m => m.Capacity is not null).Select(m => $"{names.GetValueOrDefault(m.UserId)} {m.Capacity}").ToList();
        Audit.AuditLog.Record(db, Core.Audit.AuditAction.TeamSettingsChanged, actor,
            $"{department.Name}: assignment {department.AssignmentMode switch { AssignmentMode.RoundRobin => "round-robin", AssignmentMode.LeastLoaded => "least loaded", _ => "off" }}; capacities {(limits.Count == 0 ? "none" : string.Join(", ", limits))}; "
            + $"escalation {(department.Escalation.IsOn ? $"{department.Escalation.NotifyAssigneeAfter} min, managers {department.Escalation.NotifyManagersAfter?.ToString() ?? "never"}{(department.Escalation.ReassignWithManagers ? " with reassignment" : "")}" : "off")}; "
            + $"after-hours reply {(afterHours is null ? "off" : "on")}; {(department.AssigneeOnlyReplies ? "only the assignee replies" : "anyone replies")}",
            clock.GetUtcNow().UtcDateTime, department.Id);
        foreach (var member in department.Members)
        {
            if (input.Capacities.TryGetValue(member.UserId, out var capacity))
            {
                member.Capacity = capacity;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        // A new rule, or more room, may let waiting conversations go to someone now.
        await assigner.AssignWaitingAsync(departmentId, cancellationToken);
    }

    public async Task SetAwayAsync(Guid userId, bool away, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        DateTime? since = away ? clock.GetUtcNow().UtcDateTime : null;
        var changed = await db.Users.Where(u => u.Id == userId && (away ? u.AwaySince == null : u.AwaySince != null))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.AwaySince, since), cancellationToken);
        if (changed == 0)
        {
            return;
        }

        // The user's other screens show the switch as it now is.
        await notifier.PublishAsync(ConversationEvents.AwayChanged(userId), CancellationToken.None);
        if (!away)
        {
            await assigner.AssignWaitingAsync(null, CancellationToken.None);
        }
    }

    public async Task<bool> IsAwayAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == userId && u.AwaySince != null, cancellationToken);
    }

    public static async Task<bool> ManagesAsync(PortalDbContext db, DepartmentScope scope, CancellationToken cancellationToken) =>
        scope.IsAdmin || await db.UserRoles.Where(r => r.UserId == scope.UserId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name)
            .AnyAsync(name => name == Roles.Manager, cancellationToken);
}
