using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Security;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Seeding;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Runs before the server starts listening: applies migrations, creates the roles, the first admin and,
/// on an empty embedded database, the demo data. Any failure stops start-up.
/// </summary>
internal sealed class DatabaseInitializer(
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<PortalOptions> options,
    IOptions<DatabaseOptions> database,
    DatabaseReadiness readiness,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        logger.LogInformation("Applying database migrations ({Provider})", database.Value.Provider);
        await PortalMigrations.ApplyAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), logger, cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var wasEmpty = !await db.Users.AnyAsync(cancellationToken)
            && !await db.Departments.AnyAsync(cancellationToken)
            && !await db.Customers.AnyAsync(cancellationToken);

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await EnsureRolesAsync(scope.ServiceProvider);
            await EnsureAdminAsync(scope.ServiceProvider, db, cancellationToken);

            var seedDemo = options.Value.Demo.Seed ?? database.Value.Provider == DatabaseProvider.Sqlite;
            if (seedDemo && wasEmpty)
            {
                var seeder = ActivatorUtilities.CreateInstance<DemoDataSeeder>(scope.ServiceProvider);
                await seeder.SeedAsync(cancellationToken);
            }
            else if (seedDemo)
            {
                logger.LogInformation("Demo data skipped: the database already has data");
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (wasEmpty)
        {
            // The demo's history counted for the reports now, not at the first minute's job.
            await scope.ServiceProvider.GetRequiredService<Reports.ActivityCounter>().RunOnceAsync(cancellationToken);
        }

        // Outside the seeding transaction: encrypting secrets may write a new Data Protection key through another
        // connection, which SQLite's single writer would make wait for this transaction forever.
        var configured = configuration.GetSection("Portal:ProviderAccounts").Get<List<ConfiguredProviderAccount>>() ?? [];
        await scope.ServiceProvider.GetRequiredService<ConfiguredProviderAccountsSync>().SyncAsync(db, configured, cancellationToken);

        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task EnsureRolesAsync(IServiceProvider provider)
    {
        var roles = provider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                ThrowIfFailed(await roles.CreateAsync(new IdentityRole<Guid>(role)), $"create role {role}");
            }
        }
    }

    private async Task EnsureAdminAsync(IServiceProvider provider, PortalDbContext db, CancellationToken cancellationToken)
    {
        var users = provider.GetRequiredService<UserManager<PortalUser>>();
        var configured = options.Value.Admin;
        if (!string.IsNullOrWhiteSpace(configured.Email))
        {
            var existing = await users.FindByEmailAsync(configured.Email);
            if (existing is not null)
            {
                if (!await users.IsInRoleAsync(existing, Roles.Admin))
                {
                    ThrowIfFailed(await users.AddToRoleAsync(existing, Roles.Admin), "make the configured admin an admin");
                }

                return;
            }

            await CreateAdminAsync(users, provider, configured.Email, configured.Password);
            return;
        }

        var adminRoleHasUsers = await db.UserRoles
            .Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, r) => ur.UserId)
            .AnyAsync(cancellationToken);
        if (!adminRoleHasUsers)
        {
            await CreateAdminAsync(users, provider, "admin@portal.local", null);
        }
    }

    private async Task CreateAdminAsync(UserManager<PortalUser> users, IServiceProvider provider, string email, string? password)
    {
        var generated = string.IsNullOrEmpty(password);
        password = generated ? provider.GetRequiredService<IPasswordGenerator>().Generate() : password;
        var admin = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            CreatedAt = provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        ThrowIfFailed(await users.CreateAsync(admin, password!), $"create the admin {email}");
        ThrowIfFailed(await users.AddToRoleAsync(admin, Roles.Admin), "make the admin an admin");

        if (generated)
        {
            // Printed once: the password is stored only as a hash.
            logger.LogWarning(
                "First admin created. Sign in as {Email} with password {Password} and change it (Account > Change password). It will not be shown again.",
                email, password);
        }
        else
        {
            logger.LogInformation("First admin {Email} created from configuration", email);
        }
    }

    private static void ThrowIfFailed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
