using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.Web.Integration;

/// <summary>Response headers, the sign-out form's antiforgery check, and Secure cookies behind a TLS-terminating proxy.</summary>
public sealed class SecurityHeadersTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/inbox")]
    [InlineData("/health")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        var response = await factory.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline' 'unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task Signing_out_needs_the_forms_antiforgery_token()
    {
        var client = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        var forged = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/customers")).StatusCode);

        var token = HttpClientSignIn.AntiforgeryTokenOf(await client.GetStringAsync("/Account/Manage/ChangePassword"));
        var real = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Contains("/Account/Login", (await client.GetAsync("/customers")).Headers.Location?.ToString());
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_sign_in_cookie_is_secure_when_the_browser_used_https()
    {
        await using var proxied = new PortalFactory(Path.Combine(Path.GetTempPath(), $"portal-proxy-{Guid.NewGuid():N}.db"),
            new Dictionary<string, string?> { ["Portal:Security:TrustForwardedHeaders"] = "true" });
        var client = proxied.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.PostLoginAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
