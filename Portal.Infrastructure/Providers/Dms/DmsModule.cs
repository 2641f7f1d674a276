using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Providers;
using Portal.Core.Sending;

namespace Portal.Infrastructure.Providers.Dms;

/// <summary>A DMS communications account: copies the department's texts into the DMS customer record; it never texts.</summary>
public static class DmsModule
{
    public static readonly ProviderKind Kind = new("Dms");

    public static readonly ProviderDescriptor Descriptor = new(
        Kind,
        "DMS sync",
        ProviderCapabilities.SyncsHistory,
        [
            new(ProviderSettingKey.BaseUrl, "DMS API base URL", Required: true),
            new(ProviderSettingKey.AccountId, "User name", Required: true),
            new(ProviderSettingKey.ApiToken, "Password"),
            new(ProviderSettingKey.Extras, "Extra settings", Required: true, Placeholder: "DepartmentUuid=… (the DMS department this account writes to)"),
        ],
        [])
    {
        CustomerId = new(Kind.Name, "DMS customer id", ["dmsid", "dmscustomerid", "customerid", "dms"]),
    };

    public static IServiceCollection AddDms(this IServiceCollection services, SendingOptions sending)
    {
        services.AddSingleton(Descriptor);
        services.AddHttpClient<DmsClient>(c => c.Timeout = sending.ProviderTimeout);
        services.AddTransient<DmsSyncJob>();
        services.AddTransient<Jobs.IRecurringWork>(sp => sp.GetRequiredService<DmsSyncJob>());
        return services;
    }
}
