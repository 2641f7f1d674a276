using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;

namespace Portal.Core;

public static class DependencyInjection
{
    public static IServiceCollection AddPortalCore(this IServiceCollection services, string defaultPhoneRegion = "US")
    {
        services.AddSingleton(new PhoneNumberNormalizer(defaultPhoneRegion));
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
