using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Threads;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Threads;

internal static class ThreadsRegistration
{
    public static IServiceCollection AddThreads(this IServiceCollection services)
    {
        services.AddSingleton<IInboxQueries, InboxQueries>();
        services.AddSingleton<ISavedViews, SavedViews>();
        services.AddSingleton<IThreadService, ThreadService>();
        services.AddSingleton<IConversationStarter, ConversationStarter>();
        services.AddSingleton<IReadMarks, BatchedReadMarks>();
        services.AddTransient<IRecurringWork, SnoozeWakeUp>();
        return services;
    }
}
