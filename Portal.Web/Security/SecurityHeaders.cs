namespace Portal.Web.Security;

/// <summary>
/// Headers every page and API answer carries: no MIME sniffing, no framing, a same-origin referrer, and a content
/// security policy that lets scripts come only from the portal itself (Blazor and MudBlazor need inline styles, and the
/// circuit's WebSocket). The Hangfire dashboard, which uses inline scripts, gets the same headers without the script rule.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "connect-src 'self' ws: wss:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public const string DashboardPolicy = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/hangfire") ? DashboardPolicy : ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
