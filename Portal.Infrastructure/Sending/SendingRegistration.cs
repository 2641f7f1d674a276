using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Realtime;
using Portal.Core.Sending;
using Portal.Core.Templates;
using Portal.Infrastructure.Inbound;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Media;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Security;
using Portal.Infrastructure.Templates;

namespace Portal.Infrastructure.Sending;

internal static class SendingRegistration
{
    public static IServiceCollection AddPortalSending(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SendingOptions>(configuration.GetSection(SendingOptions.Section));
        services.Configure<PublicUrlOptions>(configuration.GetSection(PortalOptions.Section));
        var sending = configuration.GetSection(SendingOptions.Section).Get<SendingOptions>() ?? new SendingOptions();

        services.AddPortalDataProtection(configuration);
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<ProviderAccountStore>();
        services.AddSingleton<ConfiguredProviderAccountsSync>();
        services.AddSingleton<IProviderAccountAdministration, ProviderAccountAdministration>();

        // Each module registers its own typed client with a timeout and no retry handler: a send POST is never repeated by HTTP plumbing.
        services.AddProviderModules(sending);

        services.AddSingleton<InProcessConversationNotifier>();
        services.AddSingleton<IConversationNotifier>(sp => sp.GetRequiredService<InProcessConversationNotifier>());
        services.AddSingleton<IConversationEventSource>(sp => sp.GetRequiredService<InProcessConversationNotifier>());

        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        services.AddSingleton<SendResultRecorder>();
        services.AddTransient<UncertainSendLookup>();
        services.AddTransient<MessageDispatcher>();
        services.AddTransient<InterruptedSendResolver>();
        services.AddTransient<SendMessageJob>();
        services.AddTransient<PendingMessagesSweep>();
        services.AddHostedService<JobsStartup>();

        services.AddSingleton<MediaStore>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<MediaStore>());
        services.AddSingleton<ITemplateService, TemplateService>();
        services.AddSingleton<IOutboundMessageService, OutboundMessageService>();
        services.AddSingleton<IMessageStatusService, MessageStatusService>();
        services.AddSingleton<InboundEventApplier>();
        services.AddSingleton<AfterCommitPublisher>();
        services.AddSingleton<IngestWriter>();
        services.AddSingleton<IInboundMessageService, InboundMessageService>();
        services.AddSingleton<Webhooks.RejectedWebhookLog>();
        services.AddSingleton<Webhooks.WebhookPipeline>();
        services.AddSingleton<Webhooks.WebhookEventLog>();
        services.AddTransient<RecurringWorkJob>();

        services.Configure<Campaigns.CampaignOptions>(configuration.GetSection(Campaigns.CampaignOptions.Section));
        services.AddSingleton<Campaigns.CampaignProgressReader>();
        services.AddSingleton<Campaigns.SenderPace>();
        services.AddSingleton<Core.Campaigns.ICampaignService, Campaigns.CampaignService>();
        services.AddTransient<Campaigns.CampaignRunner>();
        services.AddTransient<CampaignRunJob>();
        return services;
    }
}
