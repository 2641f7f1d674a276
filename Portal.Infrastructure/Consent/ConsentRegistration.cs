using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Consent;

namespace Portal.Infrastructure.Consent;

internal static class ConsentRegistration
{
    public static IServiceCollection AddConsent(this IServiceCollection services) =>
        services.AddSingleton<IConsentRecorder, ConsentRecorder>()
            .AddSingleton<IOptOutLineHistory, OptOutLineHistory>();
}
