using Microsoft.Playwright;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task The_API_reference_renders_its_operations_under_the_portals_content_security_policy()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Url.StartsWith(baseUrl, StringComparison.Ordinal))
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };

        var answer = await page.GotoAsync($"{baseUrl}/api/reference");

        Assert.Contains("script-src 'self'", answer!.Headers["content-security-policy"]);
        await page.GetByText("Send a text to a customer now or later").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await page.GetByText("/api/v1/departments").First.WaitForAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
