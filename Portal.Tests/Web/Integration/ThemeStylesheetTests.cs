using Portal.Web.Components.Layout;

namespace Portal.Tests.Web.Integration;

/// <summary>The theme is one cached stylesheet rather than CSS rendered into every open page.</summary>
public sealed class ThemeStylesheetTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_sign_in_page_links_the_theme_which_anyone_may_fetch_and_keep()
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetStringAsync("/Account/Login");
        Assert.Contains($"theme.css?v={ThemeStylesheet.Version}", login);

        var response = await client.GetAsync($"/theme.css?v={ThemeStylesheet.Version}");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());

        var css = await response.Content.ReadAsStringAsync();
        var light = css[..css.IndexOf(":root.portal-dark", StringComparison.Ordinal)];
        var dark = css[css.IndexOf(":root.portal-dark", StringComparison.Ordinal)..];
        Assert.Contains("--mud-palette-primary: rgba(31,95,168,1);", light);
        Assert.Contains("--mud-palette-secondary: rgba(0,105,92,1);", light);
        Assert.Contains("--mud-palette-primary: rgba(110,168,254,1);", dark);
        Assert.DoesNotContain("<style", css);
    }

    [Fact]
    public async Task An_open_page_renders_no_theme_of_its_own()
    {
        var client = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);
        var inbox = await client.GetStringAsync("/inbox");

        Assert.DoesNotContain("mud-theme-provider", inbox);
        Assert.DoesNotContain("--mud-palette-primary", inbox);
    }
}
