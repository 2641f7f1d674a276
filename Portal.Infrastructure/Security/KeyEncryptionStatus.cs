namespace Portal.Infrastructure.Security;

/// <summary>Whether this instance encrypts its Data Protection keys at rest; shown to administrators when it does not.</summary>
public sealed record KeyEncryptionStatus(string? CertificateSubject)
{
    public const string UnencryptedWarning =
        "Data Protection keys are stored unencrypted in the database: anyone who can read it can decrypt the provider secrets. "
        + "Set " + KeyEncryptionCertificate.Section + ":Path (and :Password) or :Thumbprint to encrypt them with a certificate.";

    public bool Encrypted => CertificateSubject is not null;
}
