using System.Text.RegularExpressions;

namespace Portal.Tests.Web.Integration;

/// <summary>The users page as the server renders it for a signed-in admin.</summary>
public sealed class UsersPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_admin_is_offered_lock_for_every_other_user_but_not_for_themselves()
    {
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var html = await admin.GetStringAsync("/admin/users");

        Assert.DoesNotContain("aria-label=\"Lock Administrator\"", html);
        Assert.Contains("aria-label=\"Lock ", html);
        Assert.Contains(PortalFactory.AdminEmail, html);
        Assert.True(Regex.Matches(html, "aria-label=\"Lock ").Count >= 3, "the demo staff and managers are offered Lock");
    }
}
