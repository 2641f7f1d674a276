using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Common;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Customers;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Realtime;

namespace Portal.Tests.Infrastructure.Consent;

/// <summary>The ledger on a real database: what the gates read, and what customer records show, whatever the arrival order.</summary>
public class NumberConsentTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private ConsentRecorder recorder = default!;
    private CustomerService customers = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        var notifier = new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance);
        recorder = new ConsentRecorder(f.Database, notifier, TimeProvider.System);
        customers = new CustomerService(f.Database, new PhoneNumberNormalizer("US"), Support.TestProviders.Catalog, notifier, TimeProvider.System);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Whatever_order_the_entries_arrive_in_the_gates_and_the_numbers_record_follow_the_latest_act()
    {
        var random = new Random(16);
        for (var run = 0; run < 12; run++)
        {
            var number = $"+1312555{run:D4}";
            await f.Database.SeedAsync(Support.DataBuilder.Customer("Run", $"{run}", number));
            var entries = Enumerable.Range(0, random.Next(1, 7)).Select(i => new ConsentEntry
            {
                Number = number,
                Status = random.Next(2) == 0 ? ConsentStatus.OptedIn : ConsentStatus.OptedOut,
                ActedAt = InboxFixture.Now.AddMinutes(random.Next(0, 5)),
                RecordedAt = InboxFixture.Now.AddMinutes(10 + i),
                Source = ConsentSource.Keyword,
                Detail = $"keyword {i}",
            }).ToList();
            var expected = ConsentLedger.StateOf(entries);

            foreach (var entry in entries.OrderBy(_ => random.Next()))
            {
                await using var db = f.Database.CreateDbContext();
                await NumberConsent.RecordAsync(db, entry, "replied", new AfterCommit(), CancellationToken.None);
                await db.SaveChangesAsync();
            }

            await using var check = f.Database.CreateDbContext();
            Assert.Equal(expected == ConsentStatus.OptedOut, await OptedOutNumbers.IncludesAsync(check, number, CancellationToken.None));
            Assert.All(await check.Customers.Where(c => c.Phone == number).ToListAsync(), c => Assert.Equal(expected, c.Consent));
            Assert.Equal(entries.Count, await check.ConsentEntries.CountAsync(e => e.Number == number));
        }
    }

    [Fact]
    public async Task Editing_or_clearing_an_opted_out_customers_number_leaves_the_numbers_stop_where_it_was()
    {
        await StopAsync(f.Ana.Phone!);
        var edited = CustomerInput.From(f.Ana);
        edited.Phone = "(312) 555-0177";

        // Ana talks to Sales and Service: an admin changes her record.
        await customers.UpdateAsync(f.AdminScope, f.Ana.Id, edited);
        var again = await customers.CreateAsync(f.SalesScope, new CustomerInput { FirstName = "Ana again", Phone = "+13125550101" }, new Actor(f.SalesRep.Id, "Sam"));
        edited.Phone = "";
        await customers.UpdateAsync(f.AdminScope, f.Ana.Id, edited);

        await using var db = f.Database.CreateDbContext();
        Assert.True(await OptedOutNumbers.IncludesAsync(db, "+13125550101", CancellationToken.None));
        Assert.False(await OptedOutNumbers.IncludesAsync(db, "+13125550177", CancellationToken.None));
        Assert.Equal(ConsentStatus.Unknown, (await db.Customers.SingleAsync(c => c.Id == f.Ana.Id)).Consent);
        Assert.Equal(ConsentStatus.OptedOut, (await db.Customers.SingleAsync(c => c.Id == again)).Consent);
    }

    [Fact]
    public async Task Staff_cannot_opt_a_stopped_number_back_in_an_admin_can_with_a_reason_and_every_entry_stays()
    {
        await StopAsync(f.Ana.Phone!);
        var sam = new Actor(f.SalesRep.Id, "Sam Sales");

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            recorder.RecordAsync(f.SalesScope, f.Ana.Id, ConsentStatus.OptedIn, "signed the consent form", sam));
        await recorder.RecordAsync(f.SalesScope, f.Ana.Id, ConsentStatus.OptedOut, "asked on the phone", sam);
        await recorder.RecordAsync(f.AdminScope, f.Ana.Id, ConsentStatus.OptedIn, "customer's written request of 2026-11-30", new Actor(Guid.NewGuid(), "Ada Admin"));

        Assert.Contains("Only the customer can opt back in", refused.Message);
        var detail = (await customers.GetAsync(f.AdminScope, f.Ana.Id)).Value!;
        Assert.Equal(ConsentStatus.OptedIn, detail.Customer.Consent);
        Assert.Equal("Ada Admin: customer's written request of 2026-11-30", detail.Customer.ConsentSource);
        Assert.Equal([ConsentSource.Admin, ConsentSource.Staff, ConsentSource.Keyword], detail.ConsentLedger.Select(e => e.Source));
    }

    [Fact]
    public async Task The_ledger_points_to_the_conversation_of_the_text_that_carried_a_keyword_for_those_who_may_open_it()
    {
        var stop = Support.DataBuilder.Inbound(f.AnaSales, "STOP", InboxFixture.Now);
        await f.Database.SeedAsync(stop, Support.DataBuilder.Stop(f.Ana.Phone!, InboxFixture.Now, stop.Id));

        var fromSales = (await customers.GetAsync(f.SalesScope, f.Ana.Id)).Value!;
        var fromService = (await customers.GetAsync(f.ServiceScope, f.Ana.Id)).Value!;

        Assert.Equal(f.AnaSales.Id, fromSales.LedgerMessageThreads[stop.Id]);
        Assert.Empty(fromService.LedgerMessageThreads);
        Assert.Equal(stop.Id, Assert.Single(fromService.ConsentLedger).MessageId);
    }

    private async Task StopAsync(string number)
    {
        await using var db = f.Database.CreateDbContext();
        await NumberConsent.RecordAsync(db, Support.DataBuilder.Stop(number, DateTime.UtcNow.AddMinutes(-5)), "replied STOP", new AfterCommit(), CancellationToken.None);
        await db.SaveChangesAsync();
    }
}
