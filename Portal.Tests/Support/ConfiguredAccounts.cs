namespace Portal.Tests.Support;

/// <summary>Provider accounts as the tests declare them in configuration (<c>Portal:ProviderAccounts:n</c>).</summary>
internal static class ConfiguredAccounts
{
    public const string PublicBase = "https://portal.example.com";
    public const string SignalWireProject = "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b";
    public const string SignalWireNumber = "+13125550177";

    public static Dictionary<string, string?> SignalWire(Guid id, string signingKey, string department = "Service", int index = 0) => new()
    {
        ["Portal:PublicBaseUrl"] = PublicBase,
        [$"Portal:ProviderAccounts:{index}:Id"] = id.ToString(),
        [$"Portal:ProviderAccounts:{index}:Kind"] = "SignalWire",
        [$"Portal:ProviderAccounts:{index}:Name"] = $"{department} line",
        [$"Portal:ProviderAccounts:{index}:Department"] = department,
        [$"Portal:ProviderAccounts:{index}:BaseUrl"] = "https://example.signalwire.com",
        [$"Portal:ProviderAccounts:{index}:AccountId"] = SignalWireProject,
        [$"Portal:ProviderAccounts:{index}:FromNumber"] = SignalWireNumber,
        [$"Portal:ProviderAccounts:{index}:ApiToken"] = "unused",
        [$"Portal:ProviderAccounts:{index}:SigningKey"] = signingKey,
    };

    /// <summary>A Surge account sending through <paramref name="baseUrl"/> (a fake Surge) for <paramref name="department"/>.</summary>
    public static Dictionary<string, string?> Surge(Guid id, string baseUrl, string department = "Sales", bool isDefault = false, int index = 0) => new()
    {
        [$"Portal:ProviderAccounts:{index}:Id"] = id.ToString(),
        [$"Portal:ProviderAccounts:{index}:Kind"] = "Surge",
        [$"Portal:ProviderAccounts:{index}:Name"] = "Fake Surge",
        [$"Portal:ProviderAccounts:{index}:Department"] = department,
        [$"Portal:ProviderAccounts:{index}:Default"] = isDefault ? "true" : "false",
        [$"Portal:ProviderAccounts:{index}:BaseUrl"] = baseUrl,
        [$"Portal:ProviderAccounts:{index}:AccountId"] = "acct_01j9a43avnfqzbjfch6pygv1td",
        [$"Portal:ProviderAccounts:{index}:FromNumber"] = "+13125550100",
        [$"Portal:ProviderAccounts:{index}:ApiToken"] = "fake-surge-token",
    };

    /// <summary>A signed SignalWire inbound-message webhook for <paramref name="path"/>.</summary>
    public static HttpRequestMessage SignedInbound(string url, string path, string signingKey, string sid, string from, string body)
    {
        KeyValuePair<string, string>[] form =
        [
            new("MessageSid", sid), new("AccountSid", SignalWireProject), new("From", from),
            new("To", SignalWireNumber), new("Body", body), new("NumMedia", "0"),
        ];
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-SignalWire-Signature", TwilioSignature.Compute(signingKey, PublicBase + path, form));
        return request;
    }
}
