using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Sending;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Media;
using Portal.Infrastructure.Templates;
using Portal.Core.Templates;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Providers.Dms;
using Portal.Infrastructure.Providers.Drivly;
using Portal.Infrastructure.Providers.SignalWire;
using Portal.Infrastructure.Providers.Simulator;
using Portal.Infrastructure.Providers.Surge;
using Portal.Infrastructure.Realtime;

namespace Portal.Infrastructure.Sending;

internal static class SendingRegistration
{
    public static IServiceCollection AddPortalSending(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SendingOptions>(configuration.GetSection(SendingOptions.Section));
        services.Configure<PublicUrlOptions>(configuration.GetSection(PortalOptions.Section));
        var sending = configuration.GetSection(SendingOptions.Section).Get<SendingOptions>() ?? new SendingOptions();

        // Keys in the database: every instance can read the others' cookies and the provider secrets.
        services.AddDataProtection()
            .SetApplicationName("DealershipConversationsPortal")
            .PersistKeysToDbContext<PortalDbContext>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<ProviderAccountStore>();
        services.AddSingleton<ConfiguredProviderAccountsSync>();
        services.AddSingleton<IProviderAccountAdministration, ProviderAccountAdministration>();

        // One typed client per provider, with a timeout and no retry handler: a send POST is never repeated by HTTP plumbing.
        services.AddHttpClient<SurgeProvider>(c => c.Timeout = sending.ProviderTimeout);
        services.AddHttpClient<SignalWireProvider>(c => c.Timeout = sending.ProviderTimeout);
        services.AddHttpClient<DrivlyProvider>(c => c.Timeout = sending.ProviderTimeout);
        services.AddHttpClient<DmsClient>(c => c.Timeout = sending.ProviderTimeout);
        services.AddTransient<DmsSyncJob>();
        services.AddTransient<SimulatorProvider>();
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<SurgeProvider>());
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<SignalWireProvider>());
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<DrivlyProvider>());
        services.AddTransient<IMessageProvider>(sp => sp.GetRequiredService<SimulatorProvider>());

        services.AddSingleton<InProcessConversationNotifier>();
        services.AddSingleton<IConversationNotifier>(sp => sp.GetRequiredService<InProcessConversationNotifier>());
        services.AddSingleton<IConversationEventSource>(sp => sp.GetRequiredService<InProcessConversationNotifier>());

        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        services.AddTransient<MessageDispatcher>();
        services.AddTransient<SendMessageJob>();
        services.AddTransient<SimulatorStatusJob>();
        services.AddTransient<PendingMessagesSweep>();
        services.AddHostedService<JobsStartup>();

        services.AddSingleton<MediaStore>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<MediaStore>());
        services.AddSingleton<ITemplateService, TemplateService>();
        services.AddSingleton<IOutboundMessageService, OutboundMessageService>();
        services.AddSingleton<IMessageStatusService, MessageStatusService>();
        services.AddSingleton<IInboundMessageService, InboundMessageService>();
        services.AddSingleton<Consent.ConsentService>();
        services.AddSingleton<Webhooks.WebhookProcessor>();
        services.AddSingleton<Webhooks.WebhookEventLog>();
        return services;
    }
}
