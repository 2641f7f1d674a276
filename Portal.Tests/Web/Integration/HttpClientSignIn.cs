using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.Web.Integration;

internal static partial class HttpClientSignIn
{
    public static HttpClient CreateBrowserLikeClient(this PortalFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery token a rendered form carries.</summary>
    public static string AntiforgeryTokenOf(string html)
    {
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>What the real login form posts, filled in.</summary>
    public static FormUrlEncodedContent LoginForm(string loginPage, string email, string password) =>
        new(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryTokenOf(loginPage),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>Posts the real login form (with its antiforgery token) and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string email, string password, string returnUrl = "")
    {
        var path = "/Account/Login" + returnUrl;
        var page = await client.GetStringAsync(path);
        return await client.PostAsync(path, LoginForm(page, email, password));
    }

    public static async Task<HttpClient> SignedInClientAsync(this PortalFactory factory, string email, string password)
    {
        var client = factory.CreateBrowserLikeClient();
        var response = await client.PostLoginAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Login", response.Headers.Location?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
