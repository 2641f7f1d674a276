using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Messages;

namespace Portal.Infrastructure.Media;

internal static class MediaRegistration
{
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddSingleton<MediaStore>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<MediaStore>());
        return services;
    }
}
