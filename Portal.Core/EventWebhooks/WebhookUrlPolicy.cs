using System.Net;
using System.Net.Sockets;

namespace Portal.Core.EventWebhooks;

/// <summary>
/// Which addresses the portal may POST events to: absolute http(s) URLs of public hosts. Loopback, private, link-local,
/// unique-local, unspecified, reserved and documentation addresses, IPv6 forms that embed an IPv4 address (and
/// <c>localhost</c> names) may reach the portal's own network, so they are refused unless configuration allows them.
/// </summary>
public static class WebhookUrlPolicy
{
    public const int MaxLength = 2000;

    /// <summary>Why the URL may not be registered, or null when it may.</summary>
    public static string? Refusal(string? url, bool allowPrivateAddresses)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "Enter the endpoint's URL.";
        }

        if (url.Length > MaxLength)
        {
            return $"The URL can be at most {MaxLength} characters.";
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            return "Enter an absolute http:// or https:// URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Put no user name or password in the URL.";
        }

        if (allowPrivateAddresses)
        {
            return null;
        }

        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "A localhost address is not reachable from outside; use the endpoint's public address.";
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IsRefused(address))
        {
            return $"{address} is a loopback, private or link-local address; use a public one.";
        }

        return null;
    }

    /// <summary>True for addresses inside the portal's own network or machine.</summary>
    public static bool IsRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 // "this network"
                || b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) // TEST-NET-2
                || (b[0] == 203 && b[1] == 0 && b[2] == 113) // TEST-NET-3
                || b[0] >= 224; // multicast, reserved 240.0.0.0/4 and broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                || EmbedsIPv4(b);
        }

        return true;
    }

    /// <summary>
    /// Forms that carry an IPv4 address a gateway or tunnel may turn into a private one: IPv4-compatible <c>::/96</c>,
    /// NAT64 <c>64:ff9b::/96</c> and <c>64:ff9b:1::/48</c>, 6to4 <c>2002::/16</c> and Teredo <c>2001::/32</c>.
    /// </summary>
    private static bool EmbedsIPv4(byte[] b) =>
        b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0
        || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && (b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0 || (b[4] == 0x00 && b[5] == 0x01)))
        || (b[0] == 0x20 && b[1] == 0x02)
        || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00);
}
