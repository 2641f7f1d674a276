using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Audit;
using Portal.Core.Common;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Threads;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Audit;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private ThreadService threads = default!;
    private AuditTrail audit = default!;
    private Actor sam = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        threads = new ThreadService(f.Database, TestProviders.Store(f.Database), new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance), new HostClock());
        audit = new AuditTrail(f.Database);
        sam = new Actor(f.SalesRep.Id, f.SalesRep.DisplayName);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Each_change_to_a_conversation_is_recorded_once_with_who_and_what_and_a_repeat_records_nothing()
    {
        await threads.AssignAsync(f.SalesScope, f.BenSales.Id, f.SalesRep.Id, sam);
        await threads.AssignAsync(f.SalesScope, f.BenSales.Id, f.SalesRep.Id, sam);
        await threads.CloseAsync(f.SalesScope, f.BenSales.Id, sam);
        await threads.CloseAsync(f.SalesScope, f.BenSales.Id, sam);
        await threads.ReopenAsync(f.SalesScope, f.BenSales.Id, sam);
        await threads.AssignAsync(f.SalesScope, f.BenSales.Id, null, sam);

        var history = await audit.ListAsync(f.SalesScope, new AuditFilter { ThreadId = f.BenSales.Id }, 1, 50);

        Assert.Equal(
            [AuditAction.Unassigned, AuditAction.Reopened, AuditAction.Closed, AuditAction.Assigned],
            history.Items.Select(e => e.Action));
        Assert.All(history.Items, e => Assert.Equal(("Sam Sales", "Sales"), (e.ActorName, e.DepartmentName)));
        Assert.Equal("Sam Sales took this conversation (Ben Okafor)", history.Items[^1].Summary);
    }

    [Fact]
    public async Task Taking_a_colleagues_conversation_is_a_takeover()
    {
        var tom = DataBuilder.User("Tom Sales");
        await f.Database.SeedAsync(tom, new Portal.Core.Departments.DepartmentMember { DepartmentId = f.Sales.Id, UserId = tom.Id });
        await threads.AssignAsync(f.SalesScope, f.AnaSales.Id, tom.Id, new Actor(tom.Id, tom.DisplayName));

        var entries = await audit.ListAsync(f.AdminScope, new AuditFilter { Action = AuditAction.TookOver }, 1, 50);

        Assert.Equal("Tom Sales took this conversation (Ana Ruiz)", Assert.Single(entries.Items).Summary);
    }

    [Fact]
    public async Task Staff_read_the_history_of_their_departments_conversations_only_and_admins_read_everything()
    {
        await threads.CloseAsync(f.SalesScope, f.AnaSales.Id, sam);
        await threads.CloseAsync(f.ServiceScope, f.CaraService.Id, new Actor(f.ServiceAdvisor.Id, f.ServiceAdvisor.DisplayName));

        await Assert.ThrowsAsync<AccessDeniedException>(() => audit.ListAsync(f.ServiceScope, new AuditFilter { ThreadId = f.AnaSales.Id }, 1, 50));
        await Assert.ThrowsAsync<AccessDeniedException>(() => audit.ListAsync(f.SalesScope, new AuditFilter(), 1, 50));
        Assert.Equal(2, (await audit.ListAsync(f.AdminScope, new AuditFilter(), 1, 50)).TotalCount);
        Assert.Equal("Sue Service", Assert.Single((await audit.ListAsync(f.AdminScope, new AuditFilter { Search = "sue" }, 1, 50)).Items).ActorName);
        Assert.Single((await audit.ListAsync(f.AdminScope, new AuditFilter { DepartmentId = f.Sales.Id }, 1, 50)).Items);
    }
}
