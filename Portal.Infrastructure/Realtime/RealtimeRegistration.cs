using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Realtime;

namespace Portal.Infrastructure.Realtime;

internal static class RealtimeRegistration
{
    /// <summary>The in-process notifier every use case publishes to after its commit and every open page listens to.</summary>
    public static IServiceCollection AddRealtime(this IServiceCollection services)
    {
        services.AddSingleton<InProcessConversationNotifier>();
        services.AddSingleton<IConversationNotifier>(sp => sp.GetRequiredService<InProcessConversationNotifier>());
        services.AddSingleton<IConversationEventSource>(sp => sp.GetRequiredService<InProcessConversationNotifier>());
        return services;
    }
}
