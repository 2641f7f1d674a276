using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Messages;

namespace Portal.Infrastructure.Media;

internal static class MediaRegistration
{
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddSingleton<MediaStore>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<MediaStore>());
        services.AddSingleton<MessageAttachments>();
        services.AddHttpClient(MessageAttachments.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        return services;
    }
}
