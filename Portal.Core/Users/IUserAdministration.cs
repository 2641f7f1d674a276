namespace Portal.Core.Users;

public sealed record UserSummary(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<Guid> DepartmentIds, bool IsLockedOut);

/// <summary>The user created and the password generated for them, shown to the admin once.</summary>
public sealed record CreatedUser(Guid Id, string TemporaryPassword);

/// <summary>Admin-only management of users, their role and their departments.</summary>
public interface IUserAdministration
{
    Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default);

    Task<CreatedUser> CreateAsync(UserInput input, CancellationToken cancellationToken = default);

    Task UpdateAsync(Guid userId, UserInput input, CancellationToken cancellationToken = default) => UpdateAsync(userId, input, null, cancellationToken);

    /// <summary>As <see cref="UpdateAsync(Guid, UserInput, CancellationToken)"/>, recorded in the audit trail as <paramref name="actor"/>'s.</summary>
    Task UpdateAsync(Guid userId, UserInput input, Common.Actor? actor, CancellationToken cancellationToken = default);

    /// <summary>Locks the user out until unlocked; their open sessions end at the next revalidation.</summary>
    Task SetLockedAsync(Guid userId, bool locked, Guid actingUserId, CancellationToken cancellationToken = default);

    /// <summary>
    /// For a user who forgot their password: a new temporary one (shown to the admin once), which the user must replace
    /// at their next sign-in; sessions on the old password end, and failed attempts are forgiven (an admin's lock stays).
    /// </summary>
    /// <exception cref="Common.DomainException">The admin's own account (they change their password themselves).</exception>
    Task<string> ResetPasswordAsync(Guid userId, Guid actingUserId, CancellationToken cancellationToken = default);
}
