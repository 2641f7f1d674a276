using Portal.Infrastructure.Providers.SignalWire;

namespace Portal.Benchmarks;

/// <summary>A customer's text as the bench SignalWire line's signed webhook, straight to the portal.</summary>
internal static class BenchWebhooks
{
    public static async Task PostTextAsync(HttpClient http, string portalUrl, string from, string body)
    {
        var path = $"/webhooks/signalwire/{WebhookBenchmark.AccountId}/messages";
        KeyValuePair<string, string>[] form =
        [
            new("MessageSid", $"SMbench{Guid.NewGuid():N}"[..34]), new("AccountSid", "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"),
            new("From", from), new("To", "+13125550177"), new("Body", body), new("NumMedia", "0"),
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, portalUrl + path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(WebhookBenchmark.SigningKey, WebhookBenchmark.PublicBase + path, form));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
