using System.Net;
using Portal.Core.EventWebhooks;

namespace Portal.Tests.Core.EventWebhooks;

public class WebhookUrlPolicyTests
{
    [Theory]
    [InlineData("https://crm.example.com/hooks/portal")]
    [InlineData("http://crm.example.com:8080/hooks")]
    [InlineData("https://93.184.216.34/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    [InlineData("https://172.32.0.1/hook")]
    [InlineData("https://11.0.0.1/hook")]
    public void Public_http_and_https_addresses_may_be_registered(string url) =>
        Assert.Null(WebhookUrlPolicy.Refusal(url, allowPrivateAddresses: false));

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://127.8.9.10:9000/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://172.31.255.254/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[fc00::1]/hook")]
    [InlineData("http://[fd12:3456::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://[64:ff9b::7f00:1]/hook")]
    [InlineData("http://[2002:7f00:1::]/hook")]
    [InlineData("http://198.18.0.1/hook")]
    [InlineData("http://203.0.113.5/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://LOCALHOST:5000/hook")]
    [InlineData("http://api.localhost/hook")]
    public void Loopback_private_and_link_local_addresses_are_refused(string url) =>
        Assert.NotNull(WebhookUrlPolicy.Refusal(url, allowPrivateAddresses: false));

    [Theory]
    [InlineData("ftp://crm.example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/hooks/portal")]
    [InlineData("crm.example.com/hook")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("https://user:pass@crm.example.com/hook")]
    public void Other_schemes_relative_and_empty_urls_are_refused_even_when_private_addresses_are_allowed(string? url)
    {
        Assert.NotNull(WebhookUrlPolicy.Refusal(url, allowPrivateAddresses: false));
        Assert.NotNull(WebhookUrlPolicy.Refusal(url, allowPrivateAddresses: true));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5055/hook")]
    [InlineData("http://localhost:5055/hook")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://[::1]:5055/hook")]
    public void Private_addresses_are_allowed_when_the_option_is_on(string url) =>
        Assert.Null(WebhookUrlPolicy.Refusal(url, allowPrivateAddresses: true));

    [Fact]
    public void A_url_longer_than_the_column_is_refused() =>
        Assert.NotNull(WebhookUrlPolicy.Refusal("https://crm.example.com/" + new string('a', WebhookUrlPolicy.MaxLength), allowPrivateAddresses: true));

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.255.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::ffff:192.168.0.1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::abcd", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("64:ff9b:1::a00:1", true)]
    [InlineData("2002:a00:1::1", true)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", true)]
    [InlineData("::10.0.0.1", true)]
    [InlineData("::8.8.8.8", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("198.19.255.254", true)]
    [InlineData("192.0.0.8", true)]
    [InlineData("192.0.2.10", true)]
    [InlineData("198.51.100.7", true)]
    [InlineData("203.0.113.9", true)]
    [InlineData("240.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("198.20.0.1", false)]
    [InlineData("192.0.3.1", false)]
    [InlineData("203.0.114.1", false)]
    [InlineData("2001:db9::1", false)]
    [InlineData("64:ff9c::1", false)]
    public void Resolved_addresses_are_judged_the_same_way(string address, bool refused) =>
        Assert.Equal(refused, WebhookUrlPolicy.IsRefused(IPAddress.Parse(address)));
}
