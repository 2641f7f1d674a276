using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Jobs;

/// <summary>The one place that picks Hangfire's storage: SQL Server storage shared by every instance, or in-memory for the embedded default.</summary>
internal static class JobsRegistration
{
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, DatabaseProvider provider, string connectionString, PortalOptions.JobOptions jobs)
    {
        services.AddSingleton<Core.Abstractions.IJobScheduler, HangfireJobScheduler>();
        services.AddTransient<RecurringWorkJob>();
        services.AddHostedService<JobsStartup>();
        // The storage is this host's own singleton, not Hangfire's process-wide JobStorage.Current, so two hosts in one
        // process (tests, or a blue/green start) never share or swap storages. SQL Server storage is created lazily,
        // after the database initializer has created the database.
        services.AddSingleton<JobStorage>(_ => provider == DatabaseProvider.SqlServer
            ? new SqlServerStorage(connectionString, new SqlServerStorageOptions
            {
                CommandBatchMaxTimeout = TimeSpan.FromMinutes(5),
                SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
                QueuePollInterval = TimeSpan.Zero,
                UseRecommendedIsolationLevel = true,
                DisableGlobalLocks = true,
            })
            : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) }));
        // Likewise this host's own activator, so jobs resolve their services from this host's container.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostSafeLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));

        if (jobs.Server)
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = jobs.WorkerCount;
                options.Queues = JobQueues.All;
                // Scheduled sends must leave within seconds of send_at, not on Hangfire's default 15 s grid.
                options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }

        return services;
    }
}
