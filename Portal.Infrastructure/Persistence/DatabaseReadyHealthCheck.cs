using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Infrastructure.Persistence;

internal sealed class DatabaseReadyHealthCheck(DatabaseReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("Migrations applied.")
            : HealthCheckResult.Unhealthy("Migrations are still being applied."));
}
