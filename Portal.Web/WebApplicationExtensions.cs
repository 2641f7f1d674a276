using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Portal.Web.Components;
using Portal.Web.Endpoints;
using Portal.Web.Api;
using Scalar.AspNetCore;

namespace Portal.Web;

public static class WebApplicationExtensions
{
    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // Behind a proxy that terminates TLS, the request is https as the browser sent it: cookies are then Secure.
        if (app.Configuration.GetValue("Portal:Security:TrustForwardedHeaders", false))
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }

        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // Inside the pages' handler: an API answer with no body (no such route, a value that does not bind) becomes
        // problem details, which the pages' handler then leaves alone.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseAuthentication();
        // After authentication, so the API's limits are per key.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseTemporaryPasswordGate();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortalEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapGet(Components.Layout.ThemeStylesheet.Path, (HttpContext context) =>
        {
            // Versioned by a hash of its content in the link, so it can be kept for good.
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Text(Components.Layout.ThemeStylesheet.Css, "text/css");
        }).AllowAnonymous();
        // Per-message compression keeps a zlib deflater (about 256 KB, native) for the life of every open page. Render
        // batches are small, so pages go uncompressed unless Portal:Realtime:CompressWebSockets turns it back on.
        var compress = app.Configuration.GetValue("Portal:Realtime:CompressWebSockets", false);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(options => options.DisableWebSocketCompression = !compress);
        app.MapAccountEndpoints();
        app.MapMediaEndpoints();
        app.MapWebhookEndpoints();
        app.MapCampaignEndpoints();
        app.MapReportEndpoints();
        app.MapCustomerEndpoints();
        app.MapIntegrationApi();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        // Scalar serves its script; the page itself is the portal's, with no inline script, under the same content security policy.
        app.MapScalarApiReference("/api/reference", options => options.WithTitle("Dealership Conversations API")).AllowAnonymous();
        app.MapGet("/api/reference", () => Results.Content(Api.ApiReferencePage.Html, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription().WithOrder(-1);
        app.MapHub<Realtime.ConversationsHub>(Realtime.ConversationsHub.Path);

        app.MapPrometheusScrapingEndpoint(Telemetry.TelemetryRegistration.ScrapePath).RequireAuthorization(Telemetry.MetricsScrapeAccess.Policy);

        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .AllowAnonymous();

        // The policy replaces Hangfire's local-requests-only filter, so admins can reach it from anywhere.
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, "/hangfire", new DashboardOptions
        {
            DashboardTitle = "Portal jobs",
            AppPath = "/",
        });
        return app;
    }
}
