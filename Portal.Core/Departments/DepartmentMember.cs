namespace Portal.Core.Departments;

/// <summary>A user's membership of a department; Staff and Managers see only the departments they belong to.</summary>
public class DepartmentMember
{
    public Guid DepartmentId { get; set; }
    public Guid UserId { get; set; }
}
