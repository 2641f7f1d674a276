using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Users;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task Locking_a_user_sends_their_open_page_to_sign_in_saying_why_and_the_cookie_stops_working()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await SignInAsync(page, baseUrl, "staff.parts@demo.portal", PortalFactory.DemoPassword);
        var userId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "staff.parts@demo.portal").Select(u => u.Id).SingleAsync());
        var adminId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == PortalFactory.AdminEmail).Select(u => u.Id).SingleAsync());

        await factory.Services.GetRequiredService<IUserAdministration>().SetLockedAsync(userId, true, adminId);

        var notice = page.Locator("[data-testid=signed-out]");
        await notice.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains("an administrator locked your account", await notice.InnerTextAsync());
        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "signed-out-locked-phone-390x844.png") });

        await page.GotoAsync($"{baseUrl}/inbox");
        Assert.Contains("/Account/Login", page.Url);
    }

    private static string LayeringRoot() => Portal.Tests.Architecture.LayeringTests.SolutionRoot();
}
