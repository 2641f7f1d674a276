using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Security;

/// <summary>
/// At start-up, after the migrations: with a certificate configured and an unencrypted key still the default (keys
/// written before the certificate was set), makes a new key so new secrets are protected with an encrypted one; then
/// records how long unencrypted keys remain in use and says how the keys are kept.
/// </summary>
internal sealed class KeyEncryptionStartup(
    KeyEncryptionStatus status,
    IKeyManager keys,
    IKeyRingProvider keyRings,
    IDbContextFactory<PortalDbContext> dbFactory,
    ILogger<KeyEncryptionStartup> logger) : IHostedService
{
    public static readonly TimeSpan NewKeyLifetime = TimeSpan.FromDays(90);

    /// <summary>Data Protection dates its keys by the wall clock, not by the app's <see cref="TimeProvider"/>.</summary>
    private static readonly TimeProvider WallClock = TimeProvider.System;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!status.Encrypted)
        {
            logger.LogWarning(KeyEncryptionStatus.UnencryptedWarning);
            return;
        }

        var now = WallClock.GetUtcNow();
        var stored = await StoredKeysAsync(cancellationToken);
        var current = stored.Where(k => k.ActivatedAt <= now && k.ExpiresAt > now).MaxBy(k => k.ActivatedAt);
        if (current is { Encrypted: false })
        {
            var created = keys.CreateNewKey(now, now + NewKeyLifetime);
            await WaitUntilDefaultAsync(created.KeyId, cancellationToken);
            logger.LogInformation("Data Protection: the default key {OldKey} was stored unencrypted; new key {NewKey}, encrypted with the certificate, protects new secrets",
                current.Id, created.KeyId);
        }

        status.UnencryptedKeysUntil = stored.Where(k => !k.Encrypted && k.ExpiresAt > now).Select(k => (DateTimeOffset?)k.ExpiresAt).Max();
        logger.LogInformation("Data Protection keys are encrypted at rest with the certificate {Certificate}", status.CertificateSubject);
        if (status.Warning is { } warning)
        {
            logger.LogWarning(warning);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A key ring loaded earlier in start-up (the seeding protects secrets) is refreshed in the background once a key is
    /// added, and serves its old default meanwhile; wait for the refresh so no new secret goes to the unencrypted key.
    /// </summary>
    private async Task WaitUntilDefaultAsync(Guid keyId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (keyRings.GetCurrentKeyRing().DefaultKeyId == keyId)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), WallClock, cancellationToken);
        }

        logger.LogWarning("Data Protection: the new encrypted key {KeyId} is not yet the default; it will be within the key ring's refresh period", keyId);
    }

    private sealed record StoredKey(Guid Id, DateTimeOffset ActivatedAt, DateTimeOffset ExpiresAt, bool Encrypted);

    /// <summary>Read from the key XML itself: <see cref="IKey"/> does not say whether a key was stored encrypted.</summary>
    private async Task<List<StoredKey>> StoredKeysAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var xml = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(cancellationToken);
        var revoked = keys.GetAllKeys().Where(k => k.IsRevoked).Select(k => k.KeyId).ToHashSet();
        return [.. xml.OfType<string>().Select(XElement.Parse).Where(e => e.Name == "key")
            .Select(e => new StoredKey(
                (Guid)e.Attribute("id")!,
                DateTimeOffset.Parse((string)e.Element("activationDate")!, System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse((string)e.Element("expirationDate")!, System.Globalization.CultureInfo.InvariantCulture),
                e.Descendants().Any(d => d.Name.LocalName == "encryptedSecret")))
            .Where(k => !revoked.Contains(k.Id))];
    }
}
