using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core;
using Portal.Core.Abstractions;
using Portal.Core.Departments;
using Portal.Core.Users;
using Portal.Infrastructure.Assignment;
using Portal.Infrastructure.Campaigns;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Escalation;
using Portal.Infrastructure.Reports;
using Portal.Infrastructure.Departments;
using Portal.Infrastructure.EventWebhooks;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Inbound;
using Portal.Infrastructure.Integration;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Media;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.ProviderWebhooks;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Security;
using Portal.Infrastructure.Sending;
using Portal.Infrastructure.Telemetry;
using Portal.Infrastructure.Templates;
using Portal.Infrastructure.Threads;
using Portal.Infrastructure.Users;

namespace Portal.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddPortalInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        services.Configure<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Portal")
            ?? (database.Provider == DatabaseProvider.Sqlite
                ? DatabaseOptions.DefaultSqliteConnectionString
                : throw new InvalidOperationException("ConnectionStrings:Portal is required when Portal:Database:Provider is SqlServer."));

        services.AddPortalCore(portal.PhoneRegion);
        services.AddPortalDatabase(database.Provider, connectionString, environment.ContentRootPath);
        // Before the job server: hosted services start in order, and Hangfire's SQL Server storage needs the database.
        services.AddSingleton<DatabaseReadiness>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddPortalJobs(database.Provider, connectionString, portal.Jobs);

        services.AddIdentityCore<PortalUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();

        services.AddHealthChecks()
            .AddCheck<DatabaseReadyHealthCheck>("migrations", tags: ["ready"])
            .AddDbContextCheck<PortalDbContext>("database", tags: ["ready"]);

        services.AddPortalInstruments();
        services.AddPortalDataProtection(configuration);
        services.AddSingleton<IPasswordGenerator, PasswordGenerator>();
        services.AddSingleton<IDepartmentScopeProvider, DepartmentScopeProvider>();
        services.AddSingleton<IDepartmentAdministration, DepartmentAdministration>();
        services.AddSingleton<IUserAdministration, UserAdministration>();

        // One registration per feature folder.
        services.AddRealtime();
        services.AddProviders(configuration);
        services.AddProviderWebhooks();
        services.AddInbound();
        services.AddSending(configuration);
        services.AddMedia();
        services.AddTemplates();
        services.AddThreads();
        services.AddAssignment();
        services.AddEscalation();
        services.AddReports();
        services.AddSingleton<Core.Audit.IAuditTrail, Audit.AuditTrail>();
        services.AddSingleton<Core.Labels.ILabelService, Labels.LabelService>();
        services.AddCustomers();
        services.AddConsent();
        services.AddCampaigns(configuration);
        services.AddIntegration(configuration);
        services.AddEventWebhooks(configuration);
        return services;
    }
}
