using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Endpoints;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        // Only the portal's own form, with its antiforgery token, signs people out: a form on another site cannot.
        account.MapPost("/Logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<PortalUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-out form has expired or did not come from the portal. Reload the page and try again.");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/Account/Login");
        }).DisableAntiforgery();
        return endpoints;
    }
}
