using Microsoft.EntityFrameworkCore;
using Portal.Tests.Support;
using Portal.Core.Threads;
using Portal.Infrastructure.Threads;

namespace Portal.Tests.Infrastructure;

public class InboxQueriesTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private InboxQueries inbox = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        inbox = new InboxQueries(f.Database);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Staff_see_only_their_departments_threads_newest_first()
    {
        var page = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter(), 1, 50);

        Assert.Equal([f.AnaSales.Id, f.BenSales.Id], page.Items.Select(t => t.Id));
        Assert.All(page.Items, t => Assert.Equal("Sales", t.DepartmentName));
    }

    [Fact]
    public async Task A_search_never_reaches_another_departments_threads()
    {
        var byName = await inbox.GetThreadsAsync(f.ServiceScope, new InboxFilter { Search = "Ben", Status = null }, 1, 50);
        var byPhone = await inbox.GetThreadsAsync(f.ServiceScope, new InboxFilter { Search = "555-0102", Status = null }, 1, 50);

        Assert.Empty(byName.Items);
        Assert.Empty(byPhone.Items);
    }

    [Fact]
    public async Task Search_finds_by_name_and_by_phone_digits()
    {
        var byName = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { Search = "okafor" }, 1, 50);
        var byPhone = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { Search = "(773) 555" }, 1, 50);

        Assert.Equal(f.BenSales.Id, Assert.Single(byName.Items).Id);
        Assert.Equal(f.CaraService.Id, Assert.Single(byPhone.Items).Id);
    }

    [Fact]
    public async Task Unread_counts_are_inbound_messages_after_the_users_last_read()
    {
        var page = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter(), 1, 50);

        Assert.Equal(2, page.Items.Single(t => t.Id == f.AnaSales.Id).UnreadCount);
        Assert.Equal(0, page.Items.Single(t => t.Id == f.BenSales.Id).UnreadCount);
    }

    [Fact]
    public async Task Filters_narrow_the_list()
    {
        var unread = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { UnreadOnly = true }, 1, 50);
        var mine = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { AssignedToMe = true }, 1, 50);
        var closed = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { Status = ThreadStatus.Closed }, 1, 50);
        var everything = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { Status = null }, 1, 50);
        var serviceOnly = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { DepartmentId = f.Service.Id }, 1, 50);

        Assert.Equal(f.AnaSales.Id, Assert.Single(unread.Items).Id);
        Assert.Equal(f.AnaSales.Id, Assert.Single(mine.Items).Id);
        Assert.Equal(f.AnaService.Id, Assert.Single(closed.Items).Id);
        Assert.Equal(4, everything.TotalCount);
        Assert.Equal(f.CaraService.Id, Assert.Single(serviceOnly.Items).Id);
    }

    [Fact]
    public async Task Pages_split_the_list_without_overlap()
    {
        var first = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { Status = null }, 1, 3);
        var second = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { Status = null }, 2, 3);

        Assert.Equal(4, first.TotalCount);
        Assert.Equal(2, first.PageCount);
        Assert.Equal(3, first.Items.Count);
        Assert.Single(second.Items);
        Assert.DoesNotContain(second.Items[0].Id, first.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task Department_counts_cover_only_the_users_departments()
    {
        var counts = await inbox.GetDepartmentCountsAsync(f.SalesScope);

        var sales = Assert.Single(counts);
        Assert.Equal("Sales", sales.Name);
        Assert.Equal(2, sales.OpenThreads);
        Assert.Equal(1, sales.UnreadThreads);
    }

    [Fact]
    public async Task Search_finds_words_in_messages_of_any_age_within_the_users_departments_and_names_the_match()
    {
        await f.Database.SeedAsync(
            DataBuilder.Inbound(f.BenSales, "Can I keep the loaner until Friday?", InboxFixture.Now.AddDays(-400)),
            DataBuilder.Inbound(f.CaraService, "Is a LOANER available?", InboxFixture.Now.AddMinutes(-40)));

        var sales = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { Search = "loaner", Status = null }, 1, 50);
        var admin = await inbox.GetThreadsAsync(f.AdminScope, new InboxFilter { Search = "Loaner", Status = null }, 1, 50);

        var ben = Assert.Single(sales.Items);
        Assert.Equal(f.BenSales.Id, ben.Id);
        Assert.Equal("Can I keep the loaner until Friday?", ben.MatchingText);
        Assert.Equal(2, admin.Items.Count);
    }

    [Fact]
    public async Task Search_finds_a_customer_by_dms_id_and_vehicle_of_interest()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            var ben = await db.Customers.SingleAsync(c => c.Id == f.Ben.Id);
            ben.SetExternalId(DmsModule.Kind.Name, "DMS-88412");
            ben.Lead = new Portal.Core.Customers.LeadProfile { VehicleOfInterest = "2024 Tacoma TRD" };
            await db.SaveChangesAsync();
        }

        var byDms = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { Search = "88412", Status = null }, 1, 50);
        var byVehicle = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { Search = "tacoma", Status = null }, 1, 50);

        Assert.Equal(f.BenSales.Id, Assert.Single(byDms.Items).Id);
        Assert.Equal(f.BenSales.Id, Assert.Single(byVehicle.Items).Id);
        Assert.Null(byVehicle.Items[0].MatchingText);
    }

    [Fact]
    public async Task Search_wants_every_word_in_any_order_and_numbers_in_any_format()
    {
        await f.Database.SeedAsync(DataBuilder.Outbound(f.BenSales, "The technician is finishing your brakes now", InboxFixture.Now, Portal.Core.Messages.MessageStatus.Queued));

        var reordered = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { Search = "finishing technician", Status = null }, 1, 50);
        var notAllWords = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { Search = "technician tires", Status = null }, 1, 50);
        var byFormattedNumber = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { Search = "(312) 555-0102", Status = null }, 1, 50);
        var byNameReversed = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { Search = "okafor ben", Status = null }, 1, 50);

        Assert.Equal(f.BenSales.Id, Assert.Single(reordered.Items).Id);
        Assert.Equal("The technician is finishing your brakes now", reordered.Items[0].MatchingText);
        Assert.Empty(notAllWords.Items);
        Assert.Equal(f.BenSales.Id, Assert.Single(byFormattedNumber.Items).Id);
        Assert.Equal(f.BenSales.Id, Assert.Single(byNameReversed.Items).Id);
        Assert.True(Portal.Core.Common.SearchWords.AllIn("FINISHING the", "the technician is finishing"));
        Assert.False(Portal.Core.Common.SearchWords.AllIn("   ", "anything"));
    }

    [Fact]
    public async Task The_overdue_view_and_count_hold_open_conversations_past_the_first_limit_only()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            await db.Threads.Where(t => t.Id == f.AnaSales.Id)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, InboxFixture.Now).SetProperty(x => x.EscalationLevel, 1));
            // Waiting, but not yet past the limit.
            await db.Threads.Where(t => t.Id == f.BenSales.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, InboxFixture.Now));
        }

        var overdue = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter { OverdueOnly = true }, 1, 50);
        var all = await inbox.GetThreadsAsync(f.SalesScope, new InboxFilter(), 1, 50);
        var counts = await inbox.GetDepartmentCountsAsync(f.SalesScope);

        Assert.Equal([f.AnaSales.Id], overdue.Items.Select(t => t.Id));
        Assert.Equal([true, false], all.Items.Select(t => t.Overdue));
        Assert.Equal(1, Assert.Single(counts).OverdueThreads);
    }
}
