using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Threads;
using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Realtime;
using Portal.Infrastructure.Threads;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure;

public sealed class ConversationStarterTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private ConversationStarter starter = default!;
    private Actor sam = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        var notifier = new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance);
        var phones = new PhoneNumberNormalizer("US");
        starter = new ConversationStarter(new CustomerService(f.Database, phones, TestProviders.Catalog, notifier, TimeProvider.System),
            new ThreadService(f.Database, TestProviders.Store(f.Database), notifier, TimeProvider.System), phones);
        sam = new Actor(f.SalesRep.Id, f.SalesRep.DisplayName);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task A_number_typed_in_any_format_finds_its_customer_and_opens_their_conversation_without_a_second_record()
    {
        // Cara talks only to Service; Sam in Sales types her number as people write it.
        var started = await starter.StartAsync(f.SalesScope, new NewConversation(f.Sales.Id, Phone: "(773) 555-0103", FirstName: "Someone", LastName: "Else"), sam);

        Assert.Equal((f.Cara.Id, "Cara Lind", true, false), (started.CustomerId, started.CustomerName, started.FoundByNumber, started.NewCustomer));
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(1, await db.Customers.CountAsync(c => c.Phone == "+17735550103"));
        var thread = await db.Threads.SingleAsync(t => t.Id == started.ThreadId);
        Assert.Equal((f.Sales.Id, f.Cara.Id), (thread.DepartmentId, thread.CustomerId));
    }

    [Fact]
    public async Task A_number_nobody_has_needs_a_first_name_and_then_becomes_one_new_customer()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => starter.StartAsync(f.SalesScope, new NewConversation(f.Sales.Id, Phone: "312-555-0199"), sam));
        Assert.Contains(nameof(NewConversation.FirstName), refused.Errors.Keys);

        var started = await starter.StartAsync(f.SalesScope, new NewConversation(f.Sales.Id, Phone: "312-555-0199", FirstName: " Nina ", LastName: "Hyatt"), sam);

        Assert.True(started.NewCustomer);
        await using var db = f.Database.CreateDbContext();
        var customer = await db.Customers.SingleAsync(c => c.Phone == "+13125550199");
        Assert.Equal(("Nina", "Hyatt", started.CustomerId), (customer.FirstName, customer.LastName, customer.Id));
        Assert.Equal(started.ThreadId, await db.Threads.Where(t => t.CustomerId == customer.Id && t.DepartmentId == f.Sales.Id).Select(t => t.Id).SingleAsync());
    }

    [Fact]
    public async Task A_picked_customer_reuses_their_open_conversation_and_bad_requests_are_refused_with_reasons()
    {
        var started = await starter.StartAsync(f.SalesScope, new NewConversation(f.Sales.Id, CustomerId: f.Ana.Id), sam);
        Assert.Equal(f.AnaSales.Id, started.ThreadId);

        Assert.Contains(nameof(NewConversation.Phone), (await Assert.ThrowsAsync<ValidationException>(() => starter.StartAsync(f.SalesScope, new NewConversation(f.Sales.Id), sam))).Errors.Keys);
        Assert.Contains(nameof(NewConversation.Phone), (await Assert.ThrowsAsync<ValidationException>(() => starter.StartAsync(f.SalesScope, new NewConversation(f.Sales.Id, Phone: "12", FirstName: "X"), sam))).Errors.Keys);
        await Assert.ThrowsAsync<AccessDeniedException>(() => starter.StartAsync(f.SalesScope, new NewConversation(f.Service.Id, Phone: "312-555-0198", FirstName: "X"), sam));
        await using var db = f.Database.CreateDbContext();
        Assert.False(await db.Customers.AnyAsync(c => c.Phone == "+13125550198"));
    }
}
