using System.Security.Cryptography;
using System.Text;

using Portal.Core.ProviderWebhooks;

namespace Portal.Infrastructure.ProviderWebhooks;

/// <summary>
/// Standard Webhooks signatures (Surge sends them; the portal's own event webhooks will too): <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64&gt;</c>
/// entries over <c>{webhook-id}.{webhook-timestamp}.{raw body}</c>, HMAC-SHA256 with the secret (without <c>whsec_</c>)
/// base64-decoded. Any matching entry is enough (secrets rotate); timestamps more than five minutes off are refused.
/// </summary>
public static class StandardWebhookSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = new HMACSHA256(Key(secret));
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Content(id, timestamp, body)));
    }

    public static SignatureVerdict Verify(string secret, string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            return SignatureVerdict.Missing;
        }

        if (!long.TryParse(timestamp, out var seconds))
        {
            return SignatureVerdict.Invalid;
        }

        // Compared as numbers: a timestamp far outside DateTimeOffset's range is stale, not an error.
        var nowSeconds = now.ToUnixTimeSeconds();
        if (seconds < nowSeconds - (long)Tolerance.TotalSeconds || seconds > nowSeconds + (long)Tolerance.TotalSeconds)
        {
            return SignatureVerdict.Stale;
        }

        byte[] key;
        try
        {
            key = Key(secret);
        }
        catch (FormatException)
        {
            return SignatureVerdict.Invalid;
        }

        using var hmac = new HMACSHA256(key);
        var expected = hmac.ComputeHash(Content(id, seconds, body));
        Span<byte> given = stackalloc byte[64];
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',');
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }

            if (Convert.TryFromBase64String(entry[(comma + 1)..], given, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(given[..written], expected))
            {
                return SignatureVerdict.Valid;
            }
        }

        return SignatureVerdict.Invalid;
    }

    private static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);

    private static byte[] Content(string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }
}
