using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Users;

public sealed class UserInput
{
    [Required(ErrorMessage = "Email is required.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Name is required.")]
    [StringLength(100)]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Pick a role.")]
    public string Role { get; set; } = Security.Roles.Staff;

    public HashSet<Guid> DepartmentIds { get; set; } = [];
}
