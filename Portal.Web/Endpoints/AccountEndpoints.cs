using Microsoft.AspNetCore.Identity;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Endpoints;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        // A form post with an antiforgery token, so a link on another site cannot sign people out.
        account.MapPost("/Logout", async (SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });
        return endpoints;
    }
}
