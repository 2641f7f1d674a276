using Portal.Infrastructure.Identity;

namespace Portal.Web.Security;

/// <summary>
/// A user still on the temporary password an admin handed out reaches nothing but the change-password page (and
/// signing out) until they choose their own.
/// </summary>
internal static class TemporaryPasswordGate
{
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";

    public static IApplicationBuilder UseTemporaryPasswordGate(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(c => c.Type == PortalClaimsPrincipalFactory.MustChangePasswordClaim)
            && !path.StartsWithSegments("/Account") && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/health") && Path.GetExtension(path.Value) is null or "")
        {
            if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            context.Response.Redirect(ChangePasswordPath);
            return Task.CompletedTask;
        }

        return next(context);
    });
}
