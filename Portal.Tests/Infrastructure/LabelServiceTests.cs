using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Common;
using Portal.Core.Labels;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Labels;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Threads;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure;

public sealed class LabelServiceTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private LabelService labels = default!;
    private readonly InProcessConversationNotifier notifier = new(NullLogger<InProcessConversationNotifier>.Instance);
    private readonly Actor admin = new(Guid.NewGuid(), "Ada Admin");

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        labels = new LabelService(f.Database, notifier, new HostClock());
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Managers_keep_a_departments_labels_and_bad_names_colors_duplicates_and_staff_are_refused()
    {
        var tradeIn = await labels.SaveAsync(f.AdminScope, f.Sales.Id, null, " Trade-in ", Label.Palette[1], admin);

        Assert.Contains("already has", (await Assert.ThrowsAsync<ValidationException>(() => labels.SaveAsync(f.AdminScope, f.Sales.Id, null, "Trade-in", Label.Palette[0], admin))).Errors["Name"][0]);
        await Assert.ThrowsAsync<ValidationException>(() => labels.SaveAsync(f.AdminScope, f.Sales.Id, null, "   ", Label.Palette[0], admin));
        await Assert.ThrowsAsync<ValidationException>(() => labels.SaveAsync(f.AdminScope, f.Sales.Id, null, new string('x', 33), Label.Palette[0], admin));
        await Assert.ThrowsAsync<ValidationException>(() => labels.SaveAsync(f.AdminScope, f.Sales.Id, null, "Finance", "red; background:url(x)", admin));
        await Assert.ThrowsAsync<AccessDeniedException>(() => labels.SaveAsync(f.SalesScope, f.Sales.Id, null, "Finance", Label.Palette[0], admin));
        // The same name in another department is that department's own.
        await labels.SaveAsync(f.AdminScope, f.Service.Id, null, "Trade-in", Label.Palette[0], admin);

        var sales = await labels.ListAsync(f.SalesScope);
        Assert.Equal([("Trade-in", Label.Palette[1])], sales.Select(l => (l.Name, l.Color)));
        Assert.Equal(tradeIn, sales[0].Id);
    }

    [Fact]
    public async Task Labels_go_on_conversations_of_their_department_once_with_an_audit_entry_and_an_event_and_filter_the_inbox()
    {
        var hot = await labels.SaveAsync(f.AdminScope, f.Sales.Id, null, "Hot lead", Label.Palette[2], admin);
        var bay = await labels.SaveAsync(f.AdminScope, f.Service.Id, null, "Bay 3", Label.Palette[0], admin);
        var raised = new List<ConversationEvent>();
        using var _ = notifier.Subscribe(e => { raised.Add(e); return Task.CompletedTask; });
        var sam = new Actor(f.SalesRep.Id, f.SalesRep.DisplayName);

        await Assert.ThrowsAsync<ValidationException>(() => labels.SetOnThreadAsync(f.SalesScope, f.AnaSales.Id, [bay], sam));
        await Assert.ThrowsAsync<AccessDeniedException>(() => labels.SetOnThreadAsync(f.ServiceScope, f.AnaSales.Id, [hot], sam));
        await labels.SetOnThreadAsync(f.SalesScope, f.AnaSales.Id, [hot], sam);
        await labels.SetOnThreadAsync(f.SalesScope, f.AnaSales.Id, [hot, hot], sam);

        Assert.Equal(["Hot lead"], (await labels.OfThreadAsync(f.AnaSales.Id)).Select(l => l.Name));
        Assert.Single(raised, e => e.Change == ThreadChange.Labeled);
        await using (var db = f.Database.CreateDbContext())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.ThreadId == f.AnaSales.Id);
            Assert.Equal("Sam Sales added “Hot lead” (Ana Ruiz)", entry.Summary);
        }

        var inbox = new InboxQueries(f.Database);
        var labeled = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { LabelId = hot }, 1, 50);
        Assert.Equal([f.AnaSales.Id], labeled.Items.Select(t => t.Id));
        Assert.Equal(["Hot lead"], labeled.Items[0].Labels.Select(l => l.Name));

        // Deleting the label takes it off its conversations.
        await labels.DeleteAsync(f.AdminScope, hot, admin);
        Assert.Empty(await labels.OfThreadAsync(f.AnaSales.Id));
    }
}
