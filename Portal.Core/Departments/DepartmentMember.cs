namespace Portal.Core.Departments;

/// <summary>A user's membership of a department; Staff and Managers see only the departments they belong to.</summary>
public class DepartmentMember
{
    public Guid DepartmentId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The most open conversations automatic assignment gives this member here; null is no limit, 0 is none.</summary>
    public int? Capacity { get; set; }
}
