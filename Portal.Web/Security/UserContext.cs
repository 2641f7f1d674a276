using System.Security.Claims;
using Portal.Core.Abstractions;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Security;

/// <summary>The signed-in user of a circuit, from the authentication state (never from HttpContext, which circuits do not have).</summary>
public sealed class UserContext(AuthenticationStateProvider authentication, IDepartmentScopeProvider scopes)
{
    public async Task<ClaimsPrincipal> GetPrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<DepartmentScope> GetScopeAsync(CancellationToken cancellationToken = default) =>
        await scopes.GetScopeAsync(await GetPrincipalAsync(), cancellationToken);

    /// <summary>The scope as the database has it now (memberships, roles, lock-out), not as the sign-in cookie remembers it.</summary>
    public async Task<DepartmentScope> GetCurrentScopeAsync(CancellationToken cancellationToken = default)
    {
        var signedIn = await GetScopeAsync(cancellationToken);
        return signedIn.UserId == Guid.Empty ? signedIn : await scopes.GetScopeForUserAsync(signedIn.UserId, cancellationToken);
    }

    public async Task<Actor> GetActorAsync()
    {
        var user = await GetPrincipalAsync();
        return ToActor(user);
    }

    public static Actor ToActor(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty,
        user.FindFirstValue(PortalClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "Someone");
}
