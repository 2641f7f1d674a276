using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Portal.Core.EventWebhooks;

namespace Portal.Infrastructure.EventWebhooks;

/// <summary>Thrown when every address a host resolves to is refused; nothing was sent.</summary>
public sealed class RefusedAddressException(string host, IReadOnlyList<IPAddress> addresses)
    : Exception($"{host} resolves to {string.Join(", ", addresses)}, which is not a public address; nothing was sent.");

/// <summary>
/// Connects the webhook client only to public addresses. It checks the address it actually connects to, after DNS, so
/// a public name later pointed at a private address (or re-resolved between a check and the connection) is refused.
/// </summary>
public sealed class PublicAddressGuard(IOptions<EventWebhookOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = options.Value.AllowPrivateAddresses ? addresses : addresses.Where(a => !WebhookUrlPolicy.IsRefused(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new RefusedAddressException(host, addresses);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
