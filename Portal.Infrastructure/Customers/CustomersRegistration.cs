using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Customers.Import;
using Portal.Infrastructure.Customers.Import;

namespace Portal.Infrastructure.Customers;

internal static class CustomersRegistration
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<ICustomerService, CustomerService>();
        services.AddSingleton<ILeadImportService, LeadImportService>();
        return services;
    }
}
