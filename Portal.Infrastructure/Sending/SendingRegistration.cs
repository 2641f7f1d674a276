using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Sending;

internal static class SendingRegistration
{
    /// <summary>Texts out: queueing, the send job and its dispatcher, the one send core, and the sweep that keeps every pending text alive.</summary>
    public static IServiceCollection AddSending(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SendingOptions>(configuration.GetSection(SendingOptions.Section));
        services.AddSingleton<IOutboundMessageService, OutboundMessageService>();
        services.AddSingleton<IMessageStatusService, MessageStatusService>();
        services.AddSingleton<SendResultRecorder>();
        services.AddTransient<UncertainSendLookup>();
        services.AddTransient<MessageDispatcher>();
        services.AddTransient<InterruptedSendResolver>();
        services.AddTransient<SendMessageJob>();
        services.AddTransient<PendingMessagesSweep>();
        return services;
    }
}
