using System.Text.Json;
using Portal.Core.Abstractions;

namespace Portal.Infrastructure.Providers;

/// <summary>The secret half of a provider account; stored only encrypted.</summary>
public sealed record ProviderSecrets(string? ApiToken, string? SigningKey)
{
    public static ProviderSecrets Empty { get; } = new(null, null);

    public string Protect(ISecretProtector protector) => protector.Protect(JsonSerializer.Serialize(this));

    public static ProviderSecrets Read(string? encrypted, ISecretProtector protector) =>
        string.IsNullOrEmpty(encrypted) ? Empty : JsonSerializer.Deserialize<ProviderSecrets>(protector.Unprotect(encrypted)) ?? Empty;

    /// <summary>"••••1234": enough to recognise a secret, never enough to use it.</summary>
    public static string Mask(string? secret) =>
        string.IsNullOrEmpty(secret) ? "not set" : secret.Length <= 8 ? "••••" : $"••••{secret[^4..]}";
}
