using System.Net;

namespace Portal.Tests.Web.Integration;

public class SignInTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.PostLoginAsync("staff.parts@demo.portal", "wrong-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid email or password.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/inbox")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_asked_for()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.PostLoginAsync("staff.sales@demo.portal", PortalFactory.DemoPassword, "?ReturnUrl=%2Fcustomers");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/customers", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_not_followed()
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.PostLoginAsync("staff.sales@demo.portal", PortalFactory.DemoPassword, "?ReturnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("evil.example", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var client = factory.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostLoginAsync("manager.parts@demo.portal", $"wrong-{i}");
        }

        var response = await client.PostLoginAsync("manager.parts@demo.portal", PortalFactory.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/Account/Lockout", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var signedIn = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/inbox")).StatusCode);

        // Any of the user's own forms carries an antiforgery token bound to them.
        var form = await signedIn.GetStringAsync("/Account/Manage/ChangePassword");
        var signOut = await signedIn.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpClientSignIn.AntiforgeryTokenOf(form),
        }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.EndsWith("/Account/Login", signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await signedIn.GetAsync("/inbox")).StatusCode);
    }
}
