using System.Security.Cryptography;
using System.Text;

namespace Portal.Web.Components.Layout;

/// <summary>
/// The portal's MudBlazor theme as one cached stylesheet (<c>/theme.css</c>), light on <c>:root</c> and dark on
/// <c>:root.portal-dark</c>. A <see cref="MudThemeProvider"/> in the layout would render the same 12,000 characters of
/// CSS variables into every open page's render tree; the theme never changes while the app runs, so the browser
/// fetches it once and the dark theme is a class on the page.
/// </summary>
public static class ThemeStylesheet
{
    public const string Path = "/theme.css";
    public const string DarkClass = "portal-dark";

    private static readonly Lazy<(string Css, string Version)> Built = new(Build);

    public static string Css => Built.Value.Css;

    /// <summary>A hash of the CSS, for a cache-busting query string.</summary>
    public static string Version => Built.Value.Version;

    private static (string, string) Build()
    {
        var light = Variables(dark: false);
        var dark = Variables(dark: true);
        var css = $":root {{{light}}}\n:root.{DarkClass} {{{dark}}}\n";
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(css)))[..12];
        return (css, version);
    }

    /// <summary>The declarations MudBlazor generates for the palette, typography, shadows and layout.</summary>
    private static string Variables(bool dark)
    {
        var generated = new Generator(PortalTheme.Theme).Css(dark);
        var open = generated.IndexOf('{') + 1;
        var close = generated.LastIndexOf('}');
        return generated[open..close];
    }

    /// <summary>Used only to call MudBlazor's own generator; never rendered.</summary>
    private sealed class Generator : MudThemeProvider
    {
        public Generator(MudTheme theme)
        {
#pragma warning disable BL0005 // set outside the renderer on purpose: this instance only generates CSS
            Theme = theme;
        }

        public string Css(bool dark)
        {
#pragma warning disable MUD0011 // no renderer here, so no parameter state to go through
            IsDarkMode = dark;
#pragma warning restore MUD0011, BL0005
            return BuildTheme();
        }
    }
}
