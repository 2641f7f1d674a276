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
        // A staff-typed link is an attachment too: the portal fetches only public addresses, as it does for event webhooks.
        services.AddHttpClient(MessageAttachments.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<EventWebhooks.PublicAddressGuard>().ConnectAsync,
                ActivityHeadersPropagator = null,
            });
        return services;
    }
}
