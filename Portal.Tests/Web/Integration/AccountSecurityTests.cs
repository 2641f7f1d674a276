using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Users;

namespace Portal.Tests.Web.Integration;

/// <summary>Temporary passwords and sessions of locked users, with sessions re-checked on every request.</summary>
public sealed class AccountSecurityTests : IAsyncLifetime
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-accounts-{Guid.NewGuid():N}.db");
    private PortalFactory factory = default!;

    public Task InitializeAsync()
    {
        factory = new PortalFactory(databasePath, new Dictionary<string, string?> { ["Portal:Security:SessionRevalidation"] = "00:00:00" });
        _ = factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    [Fact]
    public async Task A_new_user_on_a_temporary_password_must_choose_their_own_before_anything_else()
    {
        var serviceId = await factory.QueryAsync(db => db.Departments.Where(d => d.Name == "Service").Select(d => d.Id).SingleAsync());
        var input = new UserInput { Email = $"new.{Guid.NewGuid():N}@demo.portal", DisplayName = "New Hire", Role = Portal.Core.Security.Roles.Staff, DepartmentIds = [serviceId] };
        var created = await factory.Services.GetRequiredService<IUserAdministration>().CreateAsync(input);
        var client = factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync(input.Email, created.TemporaryPassword)).StatusCode);

        var inbox = await client.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, inbox.StatusCode);
        Assert.Equal("/Account/Manage/ChangePassword", inbox.Headers.Location?.OriginalString);

        var form = await client.GetStringAsync("/Account/Manage/ChangePassword");
        Assert.Contains("temporary password", form);
        var changed = await client.PostAsync("/Account/Manage/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = HttpClientSignIn.AntiforgeryTokenOf(form),
            ["Input.OldPassword"] = created.TemporaryPassword,
            ["Input.NewPassword"] = "My-Own-Pass-2026!",
            ["Input.ConfirmPassword"] = "My-Own-Pass-2026!",
        }));
        Assert.Contains("Your password has been changed.", await changed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inbox")).StatusCode);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_by_an_admin_to_a_temporary_one_that_must_be_replaced()
    {
        var session = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);
        var userId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "staff.sales@demo.portal").Select(u => u.Id).SingleAsync());
        var adminId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == PortalFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var users = factory.Services.GetRequiredService<IUserAdministration>();
        Assert.Contains("Forgot password?", await factory.CreateBrowserLikeClient().GetStringAsync("/Account/Login"));
        Assert.Contains("Reset password", await factory.CreateBrowserLikeClient().GetStringAsync("/Account/ForgotPassword"));

        await Assert.ThrowsAsync<Portal.Core.Common.DomainException>(() => users.ResetPasswordAsync(adminId, adminId));
        var temporary = await users.ResetPasswordAsync(userId, adminId);

        // The session on the old password ends, the old password stops working, and the new one leads to choosing one's own.
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateBrowserLikeClient().PostLoginAsync("staff.sales@demo.portal", PortalFactory.DemoPassword)).StatusCode);
        var client = factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync("staff.sales@demo.portal", temporary)).StatusCode);
        var inbox = await client.GetAsync("/inbox");
        Assert.Equal("/Account/Manage/ChangePassword", inbox.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Locking_a_user_ends_their_signed_in_session()
    {
        var client = await factory.SignedInClientAsync("staff.parts@demo.portal", PortalFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inbox")).StatusCode);
        var userId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "staff.parts@demo.portal").Select(u => u.Id).SingleAsync());
        var adminId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == PortalFactory.AdminEmail).Select(u => u.Id).SingleAsync());

        await factory.Services.GetRequiredService<IUserAdministration>().SetLockedAsync(userId, true, adminId);

        var after = await client.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_taken_email_is_reported_once_in_plain_words()
    {
        var input = new UserInput { Email = "staff.sales@demo.portal", DisplayName = "Copy", Role = Portal.Core.Security.Roles.Staff };

        var refused = await Assert.ThrowsAsync<Portal.Core.Common.ValidationException>(() => factory.Services.GetRequiredService<IUserAdministration>().CreateAsync(input));

        Assert.Equal(["Another user already has this email address."], refused.Errors[nameof(UserInput.Email)]);
    }
}
