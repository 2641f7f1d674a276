namespace Portal.Infrastructure.Security;

/// <summary>Whether this instance encrypts its Data Protection keys at rest; shown to administrators when some are not.</summary>
public sealed class KeyEncryptionStatus(string? certificateSubject, TimeProvider clock)
{
    public const string UnencryptedWarning =
        "Data Protection keys are stored unencrypted in the database: anyone who can read it can decrypt the provider secrets. "
        + "Set " + KeyEncryptionCertificate.Section + ":Path (and :Password) or :Thumbprint to encrypt them with a certificate.";

    public string? CertificateSubject => certificateSubject;

    public bool Encrypted => CertificateSubject is not null;

    /// <summary>When the last key stored before the certificate was configured (so unencrypted) expires; set at start-up.</summary>
    public DateTimeOffset? UnencryptedKeysUntil { get; internal set; }

    /// <summary>What administrators are told, or null when every key in use is encrypted.</summary>
    public string? Warning =>
        !Encrypted ? UnencryptedWarning
        : UnencryptedKeysUntil is { } until && until > clock.GetUtcNow() ? OldKeysWarning(until)
        : null;

    public static string OldKeysWarning(DateTimeOffset until) =>
        "New secrets are protected with a key encrypted by the certificate, but Data Protection keys created before it was configured "
        + $"are still stored unencrypted in the database, with the secrets they protected, until they expire on {until:yyyy-MM-dd}. "
        + "They stay in the table after that so those secrets remain readable; re-enter the provider secrets (and rotate webhook secrets) to move them to the encrypted key.";
}
