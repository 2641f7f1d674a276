using System.Security.Cryptography;
using System.Text;


namespace Portal.Infrastructure.Providers.SignalWire;

/// <summary>
/// The Twilio-style request signature SignalWire sends in <c>X-SignalWire-Signature</c> (or <c>X-Twilio-Signature</c>):
/// base64(HMAC-SHA1(key, url + every POST parameter sorted by name, name and value concatenated)).
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string key, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        // Ordinal sort by name; repeated names keep their order and every value counts.
        foreach (var (name, value) in parameters.Select((p, i) => (p, i)).OrderBy(x => x.p.Key, StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.p))
        {
            data.Append(name).Append(value);
        }

        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(key));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>
    /// True when <paramref name="signature"/> matches the URL as configured, or the same URL with or without its default
    /// port (providers differ in which they sign). Compared in constant time.
    /// </summary>
    public static bool IsValid(string key, string url, IReadOnlyList<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(key))
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(signature);
        return Candidates(url).Any(candidate =>
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Compute(key, candidate, parameters)), expected));
    }

    private static IEnumerable<string> Candidates(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        var defaultPort = uri.Scheme == Uri.UriSchemeHttps ? 443 : 80;
        var authority = $"{uri.Scheme}://{uri.Host}";
        var rest = url[(url.IndexOf(uri.Host, StringComparison.OrdinalIgnoreCase) + uri.Host.Length)..];
        if (uri.IsDefaultPort)
        {
            // Signed with the port spelled out, or without it.
            var withoutPort = rest.StartsWith($":{defaultPort}", StringComparison.Ordinal) ? rest[$":{defaultPort}".Length..] : rest;
            yield return authority + withoutPort;
            yield return $"{authority}:{defaultPort}{withoutPort}";
        }
    }
}
