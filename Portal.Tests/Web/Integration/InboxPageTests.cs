using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Abstractions;
using Portal.Core.Threads;

namespace Portal.Tests.Web.Integration;

public sealed class InboxPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_tab_title_carries_the_number_of_unread_conversations()
    {
        var client = await factory.SignedInClientAsync("staff.service@demo.portal", PortalFactory.DemoPassword);
        var userId = await factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users.Where(u => u.Email == "staff.service@demo.portal").Select(u => u.Id)));
        var scope = await factory.Services.GetRequiredService<IDepartmentScopeProvider>().GetScopeForUserAsync(userId);
        var unread = (await factory.Services.GetRequiredService<IInboxQueries>().GetDepartmentCountsAsync(scope)).Sum(c => c.UnreadThreads);

        var page = await client.GetStringAsync("/inbox");

        // The page title, which follows the default one in the head.
        var title = Regex.Matches(page, "<title>([^<]*)</title>").Last().Groups[1].Value;
        Assert.True(unread > 0, "the demo data should leave unread conversations");
        Assert.Equal($"({unread}) Inbox", System.Net.WebUtility.HtmlDecode(title));
    }
}
