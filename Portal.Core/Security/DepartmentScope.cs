namespace Portal.Core.Security;

/// <summary>
/// Which departments a user may see. Admins see all; Managers and Staff see the departments they belong to;
/// anyone else sees none. Every list, search and lookup of department data is filtered through one of these.
/// </summary>
public sealed class DepartmentScope
{
    private DepartmentScope(Guid userId, bool allDepartments, IReadOnlySet<Guid> departmentIds, bool isAdmin = false)
    {
        UserId = userId;
        AllDepartments = allDepartments;
        DepartmentIds = departmentIds;
        IsAdmin = isAdmin;
    }

    public Guid UserId { get; }
    public bool AllDepartments { get; }

    /// <summary>A signed-in admin (a key for every department is not one).</summary>
    public bool IsAdmin { get; }

    /// <summary>The member departments; empty for admins, who are not limited by membership.</summary>
    public IReadOnlySet<Guid> DepartmentIds { get; }

    public bool Allows(Guid departmentId) => AllDepartments || DepartmentIds.Contains(departmentId);

    public static DepartmentScope For(Guid userId, IEnumerable<string> roles, IEnumerable<Guid> memberDepartmentIds)
    {
        var roleSet = roles.ToHashSet(StringComparer.Ordinal);
        if (roleSet.Contains(Roles.Admin))
        {
            return new DepartmentScope(userId, true, new HashSet<Guid>(), isAdmin: true);
        }

        var departments = roleSet.Contains(Roles.Manager) || roleSet.Contains(Roles.Staff)
            ? memberDepartmentIds.ToHashSet()
            : [];
        return new DepartmentScope(userId, false, departments);
    }

    public static DepartmentScope Nobody { get; } = new(Guid.Empty, false, new HashSet<Guid>());

    /// <summary>An integration's key: every department, or the ones it was given.</summary>
    public static DepartmentScope ForApiKey(bool allDepartments, IEnumerable<Guid> departmentIds) =>
        new(Guid.Empty, allDepartments, allDepartments ? new HashSet<Guid>() : departmentIds.ToHashSet());
}
