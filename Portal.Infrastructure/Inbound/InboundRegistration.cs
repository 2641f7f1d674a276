using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Messages;

namespace Portal.Infrastructure.Inbound;

internal static class InboundRegistration
{
    /// <summary>The inbound use case (texts, delivery reports, consent reports) and its single group-committing writer.</summary>
    public static IServiceCollection AddInbound(this IServiceCollection services)
    {
        services.AddSingleton<AfterHoursResponder>();
        services.AddSingleton<InboundEventApplier>();
        services.AddSingleton<AfterCommitPublisher>();
        services.AddSingleton<IngestWriter>();
        services.AddSingleton<IInboundMessageService, InboundMessageService>();
        return services;
    }
}
