using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Portal.Core.Realtime;
using Portal.Web.Realtime;
using StackExchange.Redis;
using Portal.Web.Components.Account;
using Portal.Web.Telemetry;

namespace Portal.Web;

public static class DependencyInjection
{
    public const string LoginRateLimit = "login";

    public static IServiceCollection AddPortalWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddProblemDetails();
        // Enums travel as their names (Open, OptedIn), as in the hub's events.
        // Numbers are numbers: the web default that also reads them from strings makes the document type them as
        // "integer or string", which client generators turn into wrapper types.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        var signalR = services.AddSignalR();
        // Several instances: hub messages through the Redis backplane, page events through a Redis relay.
        if (configuration["Portal:Redis"] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("portal"));
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            services.AddSingleton<RedisConversationRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<RedisConversationRelay>());
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
            services.AddSingleton<RedisUserPresence>();
            services.AddSingleton<Portal.Core.Assignment.IUserPresence>(sp => sp.GetRequiredService<RedisUserPresence>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisUserPresence>());
        }

        // Pages and hub clients alike: this replaces the in-process-only notifier registered by Infrastructure.
        services.AddSingleton<IConversationNotifier, HubConversationNotifier>();
        services.AddSingleton<HubConnectionRegistry>();
        services.AddHostedService<HubAccessSync>();
        // Presence for automatic assignment: a user with a connected page is available unless away.
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, PresenceCircuitHandler>();
        services.AddHostedService<Components.Pages.Manage.LeadImportFiles.Sweeper>();
        services.AddPortalTelemetry(configuration);
        // Toasts at the bottom left, clear of the thread header's status, assignee and buttons (top right).
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            options.SnackbarConfiguration.VisibleStateDuration = 4000;
        });

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<UserContext>();
        services.AddScoped<Components.Layout.UnreadTally>();
        services.AddScoped<Components.Pages.Inbox.ComposerHandoff>();
        services.AddHttpContextAccessor();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        // Integrations authenticate with a key, on the API and the hub only; the browser keeps its cookie.
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, Api.ApiKeyAuthenticationHandler>(Api.ApiKeyAuthenticationHandler.SchemeName, null);
        // A locked user, or one whose role or departments changed, loses the old session within this interval.
        services.Configure<SecurityStampValidatorOptions>(options =>
            options.ValidationInterval = configuration.GetValue("Portal:Security:SessionRevalidation", TimeSpan.FromMinutes(1)));
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.SlidingExpiration = true;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
        });
        // A locked or removed user's cookie stops working the moment the change commits, not at the next stamp check.
        services.AddSingleton<SessionRevocations>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRevocations>());
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            var identityCheck = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = context => SessionRevocations.ValidatePrincipalAsync(context, identityCheck);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Manager, p => p.RequireRole(Roles.Admin, Roles.Manager))
            .AddPolicy(Telemetry.MetricsScrapeAccess.Policy, Telemetry.MetricsScrapeAccess.Configure)
            .AddPolicy(Api.ApiEndpoints.Policy, p => p.AddAuthenticationSchemes(Api.ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddProblemDetails();
        // Enums travel as their names (Open, OptedIn), as in the hub's events.
        // Numbers are numbers: the web default that also reads them from strings makes the document type them as
        // "integer or string", which client generators turn into wrapper types.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddOpenApi("v1", options =>
        {
            // 3.0, which every client generator reads; only the integration API, not the app's own endpoints.
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0;
            options.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<Api.ApiDocument>();
        });

        // Lockout stops guessing one account; this stops one address trying many.
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LoginRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Portal:Security:LoginAttemptsPerMinute", 20),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                : RateLimitPartition.GetNoLimiter("read"));
            // Each key has its own allowance, so one busy integration cannot starve the others.
            options.AddPolicy(Api.ApiEndpoints.RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                Api.ApiKeyAuthenticationHandler.PresentedKeyId(context.Request) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Portal:Api:RequestsPerMinute", 600),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (rejected.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await Results.Problem(statusCode: 429, title: "Too many requests",
                        detail: $"This key's allowance for the minute is used up. Try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} s.").ExecuteAsync(rejected.HttpContext);
                }
            };
        });

        return services;
    }
}
