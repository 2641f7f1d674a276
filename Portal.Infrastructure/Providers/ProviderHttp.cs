using System.Net;
using System.Net.Sockets;
using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers;

/// <summary>
/// Sends one request and sorts what can go wrong into the outcomes the pipeline acts on. The distinction that matters:
/// a request that provably never reached the provider may be retried; one that may have reached it may not.
/// </summary>
internal static class ProviderHttp
{
    public static async Task<SendResult> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        Func<HttpStatusCode, string, SendResult> interpret,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return SendResult.Transient(FailureReason.RateLimited, "429 Too Many Requests", RetryAfter(response), 429, body);
            }

            if ((int)response.StatusCode >= 500)
            {
                // The provider saw the request and failed in an unknown state: it may have sent the text.
                return SendResult.Ambiguous($"{(int)response.StatusCode} from the provider", (int)response.StatusCode, body);
            }

            return interpret(response.StatusCode, body);
        }
        catch (HttpRequestException e) when (NeverReachedProvider(e))
        {
            return SendResult.Transient(FailureReason.ProviderUnavailable, $"Could not connect: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return SendResult.Ambiguous($"The connection failed after the request was sent: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Ambiguous("The provider did not answer in time.");
        }
    }

    private static bool NeverReachedProvider(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        && e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain }
        || e.HttpRequestError == HttpRequestError.NameResolutionError;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
}
