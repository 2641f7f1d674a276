
namespace Portal.Web.Components.Account;

/// <summary>Redirects from the statically rendered account pages, refusing anything that leaves the site.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigation)
{
    public void RedirectTo(string? uri) => navigation.NavigateTo(IsLocal(uri) ? uri! : "/inbox");

    /// <summary>"/path" only: not "//host", "/\host", or an absolute URL (open-redirect protection).</summary>
    public static bool IsLocal(string? uri) =>
        uri is { Length: > 0 } && uri[0] == '/' && (uri.Length == 1 || (uri[1] != '/' && uri[1] != '\\'));
}
