using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;

namespace Portal.Web.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c>: a signed-in administrator, or a scraper presenting <c>Portal:Metrics:ScrapeToken</c>
/// as a bearer token (Prometheus's <c>authorization</c> setting), when one is configured.
/// </summary>
public static class MetricsScrapeAccess
{
    public const string Policy = "MetricsScrape";
    public const string TokenKey = "Portal:Metrics:ScrapeToken";

    public static void Configure(AuthorizationPolicyBuilder policy) =>
        policy.RequireAssertion(context => context.User.IsInRole(Roles.Admin) || (context.Resource is HttpContext http && PresentsToken(http)));

    private static bool PresentsToken(HttpContext http)
    {
        var expected = http.RequestServices.GetRequiredService<IConfiguration>()[TokenKey];
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(expected) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
