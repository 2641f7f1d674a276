using System.Text;
using Portal.Core.Consent;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.ProviderWebhooks;

namespace Portal.Tests.Core;

public class WebhookSignatureTests
{
    // Upstream vectors (twilio-node, twilio-csharp): key 12345 and these parameters.
    private static readonly KeyValuePair<string, string>[] TwilioParameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675309"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
    ];

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    [InlineData("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")]
    public void Twilio_signatures_match_the_upstream_vectors(string url, string expected)
    {
        Assert.Equal(expected, TwilioSignature.Compute("12345", url, TwilioParameters));
        Assert.True(TwilioSignature.IsValid("12345", url, TwilioParameters, expected));
    }

    [Fact]
    public void A_signature_over_the_url_with_or_without_the_default_port_is_accepted()
    {
        Assert.True(TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioParameters, "kvajT1Ptam85bY51eRf/AJRuM3w="));
        Assert.True(TwilioSignature.IsValid("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", TwilioParameters, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    }

    [Fact]
    public void Tampering_with_the_url_a_parameter_or_the_key_breaks_the_signature()
    {
        const string good = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        var tampered = TwilioParameters.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p).ToArray();

        Assert.False(TwilioSignature.IsValid("12345", "https://mycompany.com/other.php?foo=1&bar=2", TwilioParameters, good));
        Assert.False(TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", tampered, good));
        Assert.False(TwilioSignature.IsValid("54321", "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioParameters, good));
        Assert.False(TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioParameters, null));
        Assert.False(TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioParameters, ""));
    }

    [Fact]
    public void Repeated_parameters_all_count_and_none_may_be_dropped()
    {
        KeyValuePair<string, string>[] media =
        [
            new("MediaUrl", "https://a.example/1.jpg"), new("Body", "hi"), new("MediaUrl", "https://a.example/2.jpg"),
        ];
        var signature = TwilioSignature.Compute("key", "https://portal.example.com/webhooks/x", media);

        Assert.True(TwilioSignature.IsValid("key", "https://portal.example.com/webhooks/x", media, signature));
        Assert.False(TwilioSignature.IsValid("key", "https://portal.example.com/webhooks/x", media.Take(2).ToArray(), signature));
        Assert.Equal(
            TwilioSignature.Compute("key", "u", [new("Body", "hi"), new("MediaUrl", "https://a.example/1.jpg"), new("MediaUrl", "https://a.example/2.jpg")]),
            TwilioSignature.Compute("key", "u", media));
    }

    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void Standard_webhook_signatures_match_the_upstream_vector()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhookSignature.Sign(Secret, Id, 1614265330, Body));
        Assert.Equal(SignatureVerdict.Valid,
            StandardWebhookSignature.Verify(Secret, Id, "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Body, SignedAt));
    }

    [Fact]
    public void A_rotated_secret_is_accepted_when_any_entry_matches()
    {
        var header = "v1,bm90IHRoZSByaWdodCBvbmUgYXQgYWxsIG5vIG5vIG5vIG5vIG5vIG5v v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        Assert.Equal(SignatureVerdict.Valid, StandardWebhookSignature.Verify(Secret, Id, "1614265330", header, Body, SignedAt));
    }

    [Fact]
    public void Tampered_missing_stale_and_future_signatures_are_refused()
    {
        const string signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        Assert.Equal(SignatureVerdict.Invalid, StandardWebhookSignature.Verify(Secret, Id, "1614265330", signature, Encoding.UTF8.GetBytes("{\"test\": 2432232315}"), SignedAt));
        Assert.Equal(SignatureVerdict.Invalid, StandardWebhookSignature.Verify(Secret, "msg_other", "1614265330", signature, Body, SignedAt));
        Assert.Equal(SignatureVerdict.Missing, StandardWebhookSignature.Verify(Secret, Id, "1614265330", null, Body, SignedAt));
        Assert.Equal(SignatureVerdict.Missing, StandardWebhookSignature.Verify(Secret, null, "1614265330", signature, Body, SignedAt));
        Assert.Equal(SignatureVerdict.Stale, StandardWebhookSignature.Verify(Secret, Id, "1614265330", signature, Body, SignedAt.AddMinutes(6)));
        Assert.Equal(SignatureVerdict.Stale, StandardWebhookSignature.Verify(Secret, Id, "1614265330", signature, Body, SignedAt.AddMinutes(-6)));
        Assert.Equal(SignatureVerdict.Valid, StandardWebhookSignature.Verify(Secret, Id, "1614265330", signature, Body, SignedAt.AddMinutes(4)));
        Assert.Equal(SignatureVerdict.Invalid, StandardWebhookSignature.Verify(Secret, Id, "1614265330", "v2," + signature[3..], Body, SignedAt));
    }

    [Theory]
    [InlineData("STOP", ConsentKeyword.OptOut)]
    [InlineData(" stop ", ConsentKeyword.OptOut)]
    [InlineData("Unsubscribe", ConsentKeyword.OptOut)]
    [InlineData("stopall", ConsentKeyword.OptOut)]
    [InlineData("QUIT", ConsentKeyword.OptOut)]
    [InlineData("START", ConsentKeyword.OptIn)]
    [InlineData("unstop", ConsentKeyword.OptIn)]
    [InlineData("Yes", ConsentKeyword.OptIn)]
    [InlineData("help", ConsentKeyword.Help)]
    [InlineData("INFO", ConsentKeyword.Help)]
    [InlineData("Please stop texting me at work", ConsentKeyword.None)]
    [InlineData("stop it", ConsentKeyword.None)]
    [InlineData("", ConsentKeyword.None)]
    public void Consent_keywords_are_single_words_in_any_case(string body, ConsentKeyword expected) =>
        Assert.Equal(expected, ConsentKeywords.Classify(body));
}
