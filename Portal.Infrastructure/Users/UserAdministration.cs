using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Common;
using Portal.Core.Departments;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Users;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Users;

/// <summary>
/// Works through Identity's <see cref="UserManager{TUser}"/>. Each call gets its own scope, so a long-lived
/// circuit never holds one DbContext across calls.
/// </summary>
internal sealed class UserAdministration(IServiceScopeFactory scopes, IPasswordGenerator passwords, IConversationNotifier notifier, TimeProvider clock) : IUserAdministration
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        var rows = await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.LockoutEnd,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
                Departments = db.DepartmentMembers.Where(m => m.UserId == u.Id).Select(m => m.DepartmentId).ToList(),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(u => new UserSummary(u.Id, u.Email ?? "", u.DisplayName, u.Roles, u.Departments, u.LockoutEnd > now))
            .ToList();
    }

    public async Task<CreatedUser> CreateAsync(UserInput input, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Resolve(scope);
        CheckRole(input.Role);
        await CheckDepartmentsAsync(db, input.DepartmentIds, cancellationToken);
        var email = input.Email.Trim();
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var password = passwords.Generate();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.CreateAsync(user, password), nameof(UserInput.Email));
        Check(await users.AddToRoleAsync(user, input.Role), nameof(UserInput.Role));
        // The generated password is a temporary one: the first sign-in asks for the user's own.
        Check(await users.AddClaimAsync(user, new System.Security.Claims.Claim(PortalClaimsPrincipalFactory.MustChangePasswordClaim, "true")), "");
        db.DepartmentMembers.AddRange(input.DepartmentIds.Select(d => new DepartmentMember { DepartmentId = d, UserId = user.Id }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreatedUser(user.Id, password);
    }

    public async Task UpdateAsync(Guid userId, UserInput input, Actor? actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Resolve(scope);
        CheckRole(input.Role);
        await CheckDepartmentsAsync(db, input.DepartmentIds, cancellationToken);
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException("The user");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.DisplayName = input.DisplayName.Trim();
        if (!string.Equals(user.Email, input.Email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            Check(await users.SetEmailAsync(user, input.Email.Trim()), nameof(UserInput.Email));
            Check(await users.SetUserNameAsync(user, input.Email.Trim()), nameof(UserInput.Email));
        }

        Check(await users.UpdateAsync(user), nameof(UserInput.DisplayName));
        var current = await users.GetRolesAsync(user);
        if (!current.SequenceEqual([input.Role]))
        {
            Check(await users.RemoveFromRolesAsync(user, current), nameof(UserInput.Role));
            Check(await users.AddToRoleAsync(user, input.Role), nameof(UserInput.Role));
        }

        var memberships = await db.DepartmentMembers.Where(m => m.UserId == userId).ToListAsync(cancellationToken);
        var left = memberships.Where(m => !input.DepartmentIds.Contains(m.DepartmentId)).ToList();
        db.DepartmentMembers.RemoveRange(left);
        var handedBack = await Assignment.DepartureHandover.StageAsync(
            db, userId, user.DisplayName, [.. left.Select(m => m.DepartmentId)], clock.GetUtcNow().UtcDateTime, cancellationToken);
        db.DepartmentMembers.AddRange(input.DepartmentIds
            .Where(d => memberships.All(m => m.DepartmentId != d))
            .Select(d => new DepartmentMember { DepartmentId = d, UserId = userId }));
        var departmentNames = await db.Departments.Where(d => input.DepartmentIds.Contains(d.Id)).Select(d => d.Name).ToListAsync(cancellationToken);
        Audit.AuditLog.Record(db, Core.Audit.AuditAction.UserChanged, actor,
            $"{user.DisplayName} ({user.Email}): {input.Role} in {(departmentNames.Count == 0 ? "no department" : string.Join(", ", departmentNames.Order()))}", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        // Sessions re-check their security stamp and pick up the new role.
        await users.UpdateSecurityStampAsync(user);
        await transaction.CommitAsync(cancellationToken);
        // Open pages and hub connections of this user re-read what they may see.
        await notifier.PublishAsync(ConversationEvents.AccessChanged(userId), CancellationToken.None);
        foreach (var handed in handedBack)
        {
            await notifier.PublishAsync(handed, CancellationToken.None);
        }
    }

    public async Task SetLockedAsync(Guid userId, bool locked, Guid actingUserId, CancellationToken cancellationToken = default)
    {
        if (locked && userId == actingUserId)
        {
            throw new DomainException("You cannot lock your own account.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Resolve(scope);
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException("The user");
        var actingName = await db.Users.Where(u => u.Id == actingUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "An administrator";
        Audit.AuditLog.Record(db, locked ? Core.Audit.AuditAction.UserLocked : Core.Audit.AuditAction.UserUnlocked, new Actor(actingUserId, actingName),
            $"{user.DisplayName} ({user.Email}) {(locked ? "locked out" : "unlocked")}", clock.GetUtcNow().UtcDateTime);
        // Saved by the user store with the lock itself (one context per scope).
        Check(await users.SetLockoutEnabledAsync(user, true), "");
        Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null), "");
        if (!locked)
        {
            Check(await users.ResetAccessFailedCountAsync(user), "");
        }

        await users.UpdateSecurityStampAsync(user);
        await notifier.PublishAsync(ConversationEvents.AccessChanged(userId), CancellationToken.None);
    }

    public async Task<string> ResetPasswordAsync(Guid userId, Guid actingUserId, CancellationToken cancellationToken = default)
    {
        if (userId == actingUserId)
        {
            throw new DomainException("Change your own password under your account menu.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Resolve(scope);
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException("The user");
        var password = passwords.Generate();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password), "");
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == PortalClaimsPrincipalFactory.MustChangePasswordClaim))
        {
            Check(await users.AddClaimAsync(user, new System.Security.Claims.Claim(PortalClaimsPrincipalFactory.MustChangePasswordClaim, "true")), "");
        }

        Check(await users.ResetAccessFailedCountAsync(user), "");
        if (user.LockoutEnd is { } end && end != DateTimeOffset.MaxValue)
        {
            Check(await users.SetLockoutEndDateAsync(user, null), "");
        }

        await users.UpdateSecurityStampAsync(user);
        await transaction.CommitAsync(cancellationToken);
        await notifier.PublishAsync(ConversationEvents.AccessChanged(userId), CancellationToken.None);
        return password;
    }

    private static (UserManager<PortalUser> Users, PortalDbContext Db) Resolve(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>(), scope.ServiceProvider.GetRequiredService<PortalDbContext>());

    private static void CheckRole(string role)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ValidationException(nameof(UserInput.Role), $"'{role}' is not a role.");
        }
    }

    private static async Task CheckDepartmentsAsync(PortalDbContext db, IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken)
    {
        var ids = departmentIds.ToList();
        var known = await db.Departments.CountAsync(d => ids.Contains(d.Id), cancellationToken);
        if (known != ids.Count)
        {
            throw new ValidationException(nameof(UserInput.DepartmentIds), "One of the departments does not exist.");
        }
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            // The user name is the email, so a taken email is reported twice by Identity: say it once, in our words.
            var messages = result.Errors
                .Select(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)
                    ? "Another user already has this email address." : e.Description)
                .Distinct();
            throw new ValidationException(field, string.Join(" ", messages));
        }
    }
}
