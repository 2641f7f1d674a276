using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Security;

namespace Portal.Tests.Web.Integration;

/// <summary>Data Protection keys encrypted at rest with a configured certificate, a warning without one, and no start with a broken one.</summary>
public sealed class KeyEncryptionTests : IDisposable
{
    private const string Password = "pfx-Pass-2026!";
    private static readonly Guid AccountId = Guid.Parse("8d2f0e53-4b6c-4d7e-9f80-a1b2c3d4e5f6");

    private readonly string directory = Directory.CreateTempSubdirectory("portal-keys-").FullName;
    private readonly List<string> databases = [];

    public void Dispose()
    {
        foreach (var database in databases)
        {
            PortalFactory.DeleteDatabase(database);
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_secrets_still_round_trip()
    {
        var database = Database();
        var settings = WithCertificate(SelfSignedPfx("keys.pfx", withPrivateKey: true), Password);
        string protectedText;
        await using (var first = new PortalFactory(database, settings))
        {
            protectedText = first.Services.GetRequiredService<ISecretProtector>().Protect("a provider secret");
            var keys = await first.QueryAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());

            Assert.True(first.Services.GetRequiredService<KeyEncryptionStatus>().Encrypted);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml);
                Assert.Contains("EncryptedData", xml);
                Assert.DoesNotContain("<masterKey", xml);
            });
            Assert.DoesNotContain(first.Logs, line => line.Contains("stored unencrypted"));
        }

        // A new instance has only the database and the certificate to read the keys with.
        await using var second = new PortalFactory(database, settings);
        Assert.Equal("a provider secret", second.Services.GetRequiredService<ISecretProtector>().Unprotect(protectedText));
        var account = await second.Services.GetRequiredService<ProviderAccountStore>().GetSettingsAsync(AccountId);
        Assert.Equal("token-from-config", account!.ApiToken);
    }

    [Fact]
    public async Task Without_a_certificate_start_up_warns_and_the_admin_pages_say_so()
    {
        await using var factory = new PortalFactory(Database(), new Dictionary<string, string?>());
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var providers = await admin.GetStringAsync("/admin/providers");
        var departments = await admin.GetStringAsync("/admin/departments");

        Assert.False(factory.Services.GetRequiredService<KeyEncryptionStatus>().Encrypted);
        Assert.Contains(factory.Logs, line => line.StartsWith("Data Protection keys are stored unencrypted", StringComparison.Ordinal));
        Assert.Contains("key-encryption-warning", providers);
        Assert.Contains("Data Protection keys are stored unencrypted", providers);
        Assert.Contains("key-encryption-warning", departments);
    }

    [Fact]
    public async Task With_a_certificate_the_admin_pages_show_no_warning()
    {
        await using var factory = new PortalFactory(Database(), WithCertificate(SelfSignedPfx("keys.pfx", withPrivateKey: true), Password));
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var providers = await admin.GetAsync("/admin/providers");

        Assert.Equal(HttpStatusCode.OK, providers.StatusCode);
        Assert.DoesNotContain("key-encryption-warning", await providers.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_certificate_added_later_gets_new_secrets_an_encrypted_key_keeps_old_ones_readable_and_warns_while_plain_keys_remain()
    {
        var database = Database();
        var withoutCertificate = WithCertificate("", "");
        withoutCertificate.Remove($"{KeyEncryptionCertificate.Section}:Path");
        withoutCertificate.Remove($"{KeyEncryptionCertificate.Section}:Password");
        string before;
        await using (var plain = new PortalFactory(database, withoutCertificate))
        {
            before = plain.Services.GetRequiredService<ISecretProtector>().Protect("an old secret");
        }

        await using var secured = new PortalFactory(database, WithCertificate(SelfSignedPfx("keys.pfx", withPrivateKey: true), Password));
        var protector = secured.Services.GetRequiredService<ISecretProtector>();
        var after = protector.Protect("a new secret");

        var keys = (await secured.QueryAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync())).Select(XElement.Parse).ToList();
        var encrypted = Assert.Single(keys, k => k.Descendants().Any(d => d.Name.LocalName == "encryptedSecret"));
        Assert.Single(keys, k => !k.Descendants().Any(d => d.Name.LocalName == "encryptedSecret"));
        Assert.Equal((Guid)encrypted.Attribute("id")!, KeyIdOf(after));
        Assert.NotEqual(KeyIdOf(before), KeyIdOf(after));
        Assert.Equal("an old secret", protector.Unprotect(before));
        Assert.Equal("a new secret", protector.Unprotect(after));

        var status = secured.Services.GetRequiredService<KeyEncryptionStatus>();
        Assert.True(status.Encrypted);
        Assert.Contains("created before it was configured", status.Warning);
        var admin = await secured.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var page = await admin.GetStringAsync("/admin/providers");
        Assert.Contains("key-encryption-warning", page);
        Assert.Contains("created before it was configured", page);
        Assert.DoesNotContain("Data Protection keys are stored unencrypted in the database: anyone", page);

        // Another start: the default key is now the encrypted one, so no further key is made.
        await using var again = new PortalFactory(database, WithCertificate(Path.Combine(directory, "keys.pfx"), Password));
        _ = again.Services.GetRequiredService<ISecretProtector>();
        Assert.Equal(2, await again.QueryAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    /// <summary>A Data Protection payload: a 4-byte magic header, then the id of the key that protected it.</summary>
    private static Guid KeyIdOf(string protectedText) => new(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(protectedText).AsSpan(4, 16));

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("wrong password", "could not be read")]
    [InlineData("no private key", "has no RSA private key")]
    public async Task A_certificate_that_cannot_be_used_stops_start_up(string problem, string expected)
    {
        var settings = problem switch
        {
            "missing" => WithCertificate(Path.Combine(directory, "nowhere.pfx"), Password),
            "wrong password" => WithCertificate(SelfSignedPfx("keys.pfx", withPrivateKey: true), "not-the-password"),
            _ => WithCertificate(SelfSignedPfx("public-only.pfx", withPrivateKey: false), Password),
        };
        await using var factory = new PortalFactory(Database(), settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(expected, error.ToString());
        Assert.Contains(KeyEncryptionCertificate.Section, error.ToString());
    }

    private string Database()
    {
        var path = Path.Combine(Path.GetTempPath(), $"portal-keys-{Guid.NewGuid():N}.db");
        databases.Add(path);
        return path;
    }

    private static Dictionary<string, string?> WithCertificate(string path, string password) => new()
    {
        [$"{KeyEncryptionCertificate.Section}:Path"] = path,
        [$"{KeyEncryptionCertificate.Section}:Password"] = password,
        ["Portal:ProviderAccounts:0:Id"] = AccountId.ToString(),
        ["Portal:ProviderAccounts:0:Kind"] = "Surge",
        ["Portal:ProviderAccounts:0:Name"] = "Surge (keys)",
        ["Portal:ProviderAccounts:0:Department"] = "Sales",
        ["Portal:ProviderAccounts:0:BaseUrl"] = "https://api.surge.app",
        ["Portal:ProviderAccounts:0:AccountId"] = "acct_keys",
        ["Portal:ProviderAccounts:0:FromNumber"] = "+13125550100",
        ["Portal:ProviderAccounts:0:ApiToken"] = "token-from-config",
    };

    private string SelfSignedPfx(string name, bool withPrivateKey)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Portal key encryption (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var exported = withPrivateKey ? null : X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, (exported ?? certificate).Export(X509ContentType.Pfx, Password));
        return path;
    }
}
