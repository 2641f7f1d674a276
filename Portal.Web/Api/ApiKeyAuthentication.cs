using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Core.Integration;

namespace Portal.Web.Api;

/// <summary><c>Authorization: Bearer &lt;key&gt;</c> (or <c>access_token</c> on the hub): an integration's key, turned into a caller with its departments.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyAuthenticator keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyClaim = "portal:api-key";
    public const string DepartmentClaim = "portal:department";
    public const string AllDepartmentsClaim = "portal:all-departments";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        List<Claim> claims =
        [
            new(ClaimTypes.Name, caller.Name),
            new(KeyClaim, caller.KeyId),
        ];
        claims.AddRange(caller.AllDepartments ? [new Claim(AllDepartmentsClaim, "true")] : caller.DepartmentIds.Select(id => new Claim(DepartmentClaim, id.ToString())));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "An API key is required",
            detail: "Send a valid, unrevoked key as 'Authorization: Bearer <key>'. Administrators create keys under Admin → API keys.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Not allowed for this key").ExecuteAsync(Context);
    }

    private static string Presented(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : request.Path.StartsWithSegments("/hubs") ? request.Query["access_token"].ToString() : "";

    /// <summary>
    /// A name for the key a request presents, before it is checked (the rate limiter runs first): a hash, so the key
    /// itself is never kept as a partition name.
    /// </summary>
    public static string? PresentedKeyId(HttpRequest request) => Presented(request) is { Length: > 0 } key
        ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16]
        : null;

    /// <summary>The departments a key's caller may use.</summary>
    public static Core.Security.DepartmentScope ScopeOf(ClaimsPrincipal user) => Core.Security.DepartmentScope.ForApiKey(
        user.HasClaim(AllDepartmentsClaim, "true"),
        user.FindAll(DepartmentClaim).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty));

    public static string KeyOf(ClaimsPrincipal user) => user.FindFirstValue(KeyClaim) ?? "";
}
