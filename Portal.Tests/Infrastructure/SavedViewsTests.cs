using Portal.Core.Common;
using Portal.Core.Threads;
using Portal.Infrastructure.Threads;

namespace Portal.Tests.Infrastructure;

public sealed class SavedViewsTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private SavedViews views = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        views = new SavedViews(f.Database, new InboxQueries(f.Database));
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task A_view_keeps_its_filters_counts_what_the_user_may_see_and_is_the_users_alone()
    {
        await views.SaveAsync(f.SalesScope, " Unread ", new InboxFilter { UnreadOnly = true });
        await views.SaveAsync(f.SalesScope, "Mine", new InboxFilter { AssignedToMe = true, Status = null });
        // Saving under a name already used replaces that view.
        await views.SaveAsync(f.SalesScope, "Mine", new InboxFilter { AssignedToMe = true });

        var mine = await views.ListAsync(f.SalesScope);
        Assert.Equal([("Mine", 1), ("Unread", 1)], mine.Select(v => (v.Name, v.Count)));
        Assert.Equal(new InboxFilter { AssignedToMe = true }, mine[0].Filter);
        Assert.Empty(await views.ListAsync(f.ServiceScope));

        await views.DeleteAsync(f.ServiceScope, mine[0].Id);
        Assert.Equal(2, (await views.ListAsync(f.SalesScope)).Count);
        await views.DeleteAsync(f.SalesScope, mine[0].Id);
        Assert.Equal(["Unread"], (await views.ListAsync(f.SalesScope)).Select(v => v.Name));
    }

    [Fact]
    public async Task A_blank_or_long_name_and_a_21st_view_are_refused()
    {
        await Assert.ThrowsAsync<ValidationException>(() => views.SaveAsync(f.SalesScope, "  ", new InboxFilter()));
        await Assert.ThrowsAsync<ValidationException>(() => views.SaveAsync(f.SalesScope, new string('v', 41), new InboxFilter()));
        for (var i = 0; i < SavedView.MaxPerUser; i++)
        {
            await views.SaveAsync(f.SalesScope, $"View {i}", new InboxFilter());
        }

        var refused = await Assert.ThrowsAsync<ValidationException>(() => views.SaveAsync(f.SalesScope, "One more", new InboxFilter()));
        Assert.Contains("Delete one first", refused.Errors["Name"][0]);
    }
}
