using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Assignment;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Assignment;

internal static class AssignmentRegistration
{
    public static IServiceCollection AddAssignment(this IServiceCollection services)
    {
        services.AddSingleton<LocalUserPresence>();
        services.AddSingleton<IUserPresence>(sp => sp.GetRequiredService<LocalUserPresence>());
        services.AddSingleton<AssignmentCandidates>();
        services.AddSingleton<IConversationAssigner, ConversationAssigner>();
        services.AddSingleton<ITeamSettings, TeamSettings>();
        services.AddTransient<IRecurringWork, WaitingAssignmentSweep>();
        services.AddHostedService<AssignmentTriggers>();
        services.AddSingleton<Presence.ConversationPresence>();
        services.AddSingleton<Core.Presence.IConversationPresence>(sp => sp.GetRequiredService<Presence.ConversationPresence>());
        services.AddHostedService(sp => sp.GetRequiredService<Presence.ConversationPresence>());
        return services;
    }
}
