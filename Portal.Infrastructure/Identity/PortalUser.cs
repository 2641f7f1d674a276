using Microsoft.AspNetCore.Identity;

namespace Portal.Infrastructure.Identity;

public class PortalUser : IdentityUser<Guid>
{
    public PortalUser() => Id = Guid.CreateVersion7();

    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>Set while the user is away: signed in, but not given new conversations.</summary>
    public DateTime? AwaySince { get; set; }
}
