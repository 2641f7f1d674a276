using System.Security.Claims;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Components.Account;

/// <summary>
/// Re-checks a circuit's user every minute by default: a locked, deleted or re-roled user loses the old session
/// (the admin's change updates the security stamp).
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options,
    IOptions<SecurityStampValidatorOptions> stamps)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>As often as sign-in cookies are re-checked (<c>Portal:Security:SessionRevalidation</c>), at least every second.</summary>
    protected override TimeSpan RevalidationInterval => stamps.Value.ValidationInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : stamps.Value.ValidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var principalStamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
