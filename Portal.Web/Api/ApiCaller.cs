using System.Security.Claims;

namespace Portal.Web.Api;

/// <summary>The key making a request, bound once per endpoint with <c>[AsParameters]</c>: its departments, its name as an actor, its id.</summary>
internal readonly record struct ApiCaller(ClaimsPrincipal User)
{
    public DepartmentScope Scope => ApiKeyAuthenticationHandler.ScopeOf(User);

    public Actor Actor => new(Guid.Empty, User.Identity?.Name ?? "Integration");

    public string KeyId => ApiKeyAuthenticationHandler.KeyOf(User);
}
