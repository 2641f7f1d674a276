using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Users;

namespace Portal.Tests.Web.Integration;

/// <summary>With the default periodic session check (a minute), a lock still ends the session at once.</summary>
public sealed class SessionRevocationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_locked_users_cookie_stops_working_the_moment_the_lock_commits_and_sign_in_says_why()
    {
        var client = await factory.SignedInClientAsync("staff.parts@demo.portal", PortalFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inbox")).StatusCode);
        var userId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "staff.parts@demo.portal").Select(u => u.Id).SingleAsync());
        var adminId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == PortalFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var other = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        await factory.Services.GetRequiredService<IUserAdministration>().SetLockedAsync(userId, true, adminId);
        var after = await client.GetAsync("/inbox");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/inbox")).StatusCode);
        Assert.Contains("an administrator locked your account", await factory.CreateClient().GetStringAsync("/Account/Login?signedOut=locked"));
    }
}
