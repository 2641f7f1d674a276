using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Portal.Infrastructure.Security;

/// <summary>
/// The certificate that encrypts the Data Protection keys at rest (the keys that guard provider secrets and cookies):
/// a .pfx at <c>Portal:DataProtection:Certificate:Path</c> (with <c>:Password</c>), or <c>:Thumbprint</c> in the
/// current user's personal store. A certificate that is named but unusable stops start-up: carrying on would write
/// new keys in plain text.
/// </summary>
public static class KeyEncryptionCertificate
{
    public const string Section = "Portal:DataProtection:Certificate";

    /// <summary>Null when none is configured.</summary>
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var path = section["Path"];
        var thumbprint = section["Thumbprint"];
        if (string.IsNullOrWhiteSpace(path) && string.IsNullOrWhiteSpace(thumbprint))
        {
            return null;
        }

        var certificate = string.IsNullOrWhiteSpace(path) ? FromStore(thumbprint!.Trim()) : FromFile(path, section["Password"]);
        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            throw new InvalidOperationException(
                $"The Data Protection certificate {subject} ({Section}) has no RSA private key. Keys are encrypted and read back with it, so it needs one.");
        }

        return certificate;
    }

    private static X509Certificate2 FromFile(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{Section}:Path names '{path}', which does not exist. Fix the path or remove the setting.");
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The Data Protection certificate '{path}' could not be read ({e.Message.TrimEnd('.')}). Check {Section}:Password and that the file is a .pfx with its private key.", e);
        }
    }

    private static X509Certificate2 FromStore(string thumbprint)
    {
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
        return found.Count > 0
            ? found[0]
            : throw new InvalidOperationException($"{Section}:Thumbprint {thumbprint} is not in the current user's personal certificate store (CurrentUser/My).");
    }
}
