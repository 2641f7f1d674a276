using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Campaigns;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Campaigns;

internal static class CampaignsRegistration
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CampaignOptions>(configuration.GetSection(CampaignOptions.Section));
        services.AddSingleton<CampaignProgressReader>();
        services.AddSingleton<SenderPace>();
        services.AddSingleton<ICampaignService, CampaignService>();
        services.AddTransient<CampaignRunner>();
        services.AddTransient<CampaignRunJob>();
        return services;
    }
}
