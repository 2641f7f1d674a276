using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Security;

/// <summary>Says once at start-up how the Data Protection keys are kept.</summary>
internal sealed class KeyEncryptionWarning(KeyEncryptionStatus status, ILogger<KeyEncryptionWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (status.Encrypted)
        {
            logger.LogInformation("Data Protection keys are encrypted at rest with the certificate {Certificate}", status.CertificateSubject);
        }
        else
        {
            logger.LogWarning(KeyEncryptionStatus.UnencryptedWarning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
