using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Threads;
using Portal.Tests.Web.Integration;

namespace Portal.Tests.E2E;

public sealed partial class LiveInboxTests
{
    [Fact]
    public async Task Two_people_in_one_conversation_see_each_other_typing_the_sender_is_warned_and_only_the_assignee_replies_where_that_is_the_rule()
    {
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var thread = await factory.QueryAsync(db => db.Threads.AsNoTracking()
            .Where(t => t.Department!.Name == "Service" && t.Status == ThreadStatus.Open && t.Customer!.Consent != Portal.Core.Customers.ConsentStatus.OptedOut)
            .OrderByDescending(t => t.LastActivityAt).Select(t => new { t.Id, t.DepartmentId }).FirstAsync());
        var viewport = new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 } };
        var advisor = await browser.NewPageAsync(viewport);
        var manager = await browser.NewPageAsync(viewport);
        await SignInAsync(advisor, baseUrl, "staff.service@demo.portal", PortalFactory.DemoPassword);
        await SignInAsync(manager, baseUrl, "manager.service@demo.portal", PortalFactory.DemoPassword);
        var managerName = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "manager.service@demo.portal").Select(u => u.DisplayName).SingleAsync());
        var advisorId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "staff.service@demo.portal").Select(u => u.Id).SingleAsync());

        await advisor.GotoAsync($"{baseUrl}/threads/{thread.Id}");
        await advisor.WaitForSelectorAsync(".inbox[data-live=true]");
        await manager.GotoAsync($"{baseUrl}/threads/{thread.Id}");
        await manager.WaitForSelectorAsync(".inbox[data-live=true]");

        // Each sees the other there.
        await Expect(advisor.Locator("[data-testid=thread-presence]"), managerName);

        // The manager starts typing: the advisor sees it, and sending now asks first.
        await manager.Locator(".composer textarea").PressSequentiallyAsync("I'll call them now");
        await Expect(advisor.Locator("[data-testid=thread-presence]"), $"{managerName} is typing…");
        var folder = Path.Combine(LayeringRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await advisor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "thread-colleague-typing-laptop-1366x800.png") });
        await advisor.Locator(".composer textarea").FillAsync("On it, see you at 3");
        await advisor.ClickAsync("[data-testid=send-now]");
        var warning = advisor.Locator(".mud-dialog");
        await Expect(warning, $"{managerName} is typing to");
        await advisor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "composer-collision-warning-laptop-1366x800.png") });
        await warning.Locator("button", new LocatorLocatorOptions { HasText = "Don't send" }).ClickAsync();
        Assert.Equal(0, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == thread.Id && m.Body == "On it, see you at 3")));

        // Only the assignee replies: the manager has it, so the advisor takes it over with one click.
        await factory.QueryAsync(db => db.Departments.Where(d => d.Id == thread.DepartmentId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AssigneeOnlyReplies, true)));
        var managerId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "manager.service@demo.portal").Select(u => u.Id).SingleAsync());
        await factory.Services.GetRequiredService<IThreadService>().AssignAsync(
            Portal.Core.Security.DepartmentScope.For(managerId, [Portal.Core.Security.Roles.Manager], [thread.DepartmentId]), thread.Id, managerId, new Portal.Core.Common.Actor(managerId, managerName));
        await advisor.ReloadAsync();
        await advisor.WaitForSelectorAsync(".inbox[data-live=true]");
        await Expect(advisor.Locator("[data-testid=composer-assignee-only]"), $"Only {managerName}");
        await advisor.ClickAsync("[data-testid=take-over]");
        await advisor.Locator(".composer textarea").WaitForAsync();
        Assert.Equal(advisorId, await factory.QueryAsync(db => db.Threads.Where(t => t.Id == thread.Id).Select(t => t.AssigneeId).SingleAsync()));
        Assert.Equal(1, await factory.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ThreadId == thread.Id && e.Action == Portal.Core.Audit.AuditAction.TookOver)));
        await factory.QueryAsync(db => db.Departments.Where(d => d.Id == thread.DepartmentId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AssigneeOnlyReplies, false)));
    }
}
