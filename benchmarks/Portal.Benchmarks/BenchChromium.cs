using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>Debian's Chromium through Playwright (never a downloaded browser), and the steps every browser benchmark shares.</summary>
internal static class BenchChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var chromium = new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium" }.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
            ?? throw new InvalidOperationException("Chromium is not installed (apt-get install -y chromium).");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
        });
    }

    /// <summary>Signs in on the portal's own form; the page is left where the portal sends a signed-in user.</summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string email, string password)
    {
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }
}
