using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Security;

internal static class DataProtectionRegistration
{
    /// <summary>Keys in the database, so every instance can read the others' cookies and the provider secrets; encrypted with a certificate when one is configured.</summary>
    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var certificate = KeyEncryptionCertificate.Load(configuration);
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("DealershipConversationsPortal")
            .PersistKeysToDbContext<PortalDbContext>();
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        // Data Protection dates its keys by the wall clock, not by the app's TimeProvider: judge them by the same clock.
        services.AddSingleton(new KeyEncryptionStatus(certificate?.Subject, TimeProvider.System));
        services.AddHostedService<KeyEncryptionStartup>();
        services.AddSingleton<Core.Abstractions.ISecretProtector, DataProtectionSecretProtector>();
        return services;
    }
}
