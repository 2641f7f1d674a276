using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Reports;

namespace Portal.Infrastructure.Reports;

internal static class ReportsRegistration
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<IReports, Reports>();
        services.AddSingleton<IResponsivenessReport, ResponsivenessReport>();
        services.AddSingleton<IActivityReports, ActivityReports>();
        services.AddSingleton<ActivityCounter>();
        services.AddTransient<Jobs.IRecurringWork>(sp => sp.GetRequiredService<ActivityCounter>());
        services.AddSingleton<WaitingGauge>();
        return services;
    }
}
