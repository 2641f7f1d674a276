using System.Net;
using System.Net.Sockets;

namespace Portal.Benchmarks;

/// <summary>
/// A loopback TCP relay in front of the portal that can drop every connection through it and refuse new ones, as a
/// laptop's sleep or a network change does to a browser, while the portal itself stays up for webhooks sent to it directly.
/// </summary>
internal sealed class SocketGate : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int upstreamPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly List<TcpClient> open = [];
    private readonly Task accepting;
    private bool down;

    public SocketGate(int upstreamPort)
    {
        this.upstreamPort = upstreamPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Drops every relayed connection; new ones are closed as soon as they arrive until <see cref="Open"/>.</summary>
    public void Close()
    {
        lock (gate)
        {
            down = true;
            foreach (var client in open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }

            open.Clear();
        }
    }

    public void Open()
    {
        lock (gate)
        {
            down = false;
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient browser;
            try
            {
                browser = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(browser);
        }
    }

    private async Task RelayAsync(TcpClient browser)
    {
        var portal = new TcpClient();
        lock (gate)
        {
            if (down)
            {
                browser.Client.LingerState = new LingerOption(true, 0);
                browser.Dispose();
                portal.Dispose();
                return;
            }

            open.Add(browser);
            open.Add(portal);
        }

        try
        {
            await portal.ConnectAsync(IPAddress.Loopback, upstreamPort, stopping.Token);
            var up = browser.GetStream().CopyToAsync(portal.GetStream(), stopping.Token);
            var downstream = portal.GetStream().CopyToAsync(browser.GetStream(), stopping.Token);
            await Task.WhenAny(up, downstream);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The gate closed it, or one side hung up.
        }
        finally
        {
            lock (gate)
            {
                open.Remove(browser);
                open.Remove(portal);
            }

            browser.Dispose();
            portal.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Close();
        await accepting;
        stopping.Dispose();
    }
}
