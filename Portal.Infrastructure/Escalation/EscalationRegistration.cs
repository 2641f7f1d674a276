using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Notifications;

namespace Portal.Infrastructure.Escalation;

internal static class EscalationRegistration
{
    /// <summary>Escalation of unanswered texts, and the notifications it (and mentions) leave for people.</summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services)
    {
        services.AddSingleton<INotificationCenter, NotificationCenter>();
        services.AddSingleton<UnansweredEscalation>();
        services.AddTransient<IRecurringWork>(sp => sp.GetRequiredService<UnansweredEscalation>());
        return services;
    }
}
