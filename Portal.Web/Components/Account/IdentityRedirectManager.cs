using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Account;

/// <summary>Redirects from the statically rendered account pages, refusing anything that leaves the site.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigation)
{
    public void RedirectTo(string? uri)
    {
        uri ??= "";
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative) || uri.StartsWith("//", StringComparison.Ordinal) || uri.StartsWith("/\\", StringComparison.Ordinal))
        {
            uri = navigation.ToBaseRelativePath(uri);
        }

        navigation.NavigateTo(uri.Length == 0 ? "/" : uri);
    }
}
