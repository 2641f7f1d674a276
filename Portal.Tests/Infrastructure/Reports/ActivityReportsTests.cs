using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Consent;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Reports;
using Portal.Infrastructure.Reports;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Reports;

/// <summary>
/// Volume and delivery against a hand-built week whose answers are known: the fixture's four customer texts on
/// Monday 23 November (Chicago), six outbound texts of every kind and outcome, and what must not count (a note, a
/// draft, a canceled text, a text before the range).
/// </summary>
public sealed class ActivityReportsTests : IAsyncLifetime
{
    private static readonly DateTime Now = InboxFixture.Now;
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");
    private static readonly DateTime Sunday = new(2026, 11, 22, 21, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(Now);
    private InboxFixture f = default!;
    private ActivityCounter counter = default!;
    private IActivityReports reports = default!;
    private ProviderAccount mainLine = default!;
    private ProviderAccount serviceLine = default!;

    private ReportRange Week => ReportRange.Days(new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 23), Chicago, clock.GetUtcNow().UtcDateTime);

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        counter = new ActivityCounter(f.Database, clock, NullLogger<ActivityCounter>.Instance);
        reports = new ActivityReports(f.Database);
        mainLine = new ProviderAccount { Kind = SimulatorModule.Kind, Name = "Main line", DepartmentId = f.Sales.Id };
        serviceLine = new ProviderAccount { Kind = SimulatorModule.Kind, Name = "Service line", DepartmentId = f.Service.Id };

        var staffReply = Out(f.AnaSales, Now.AddMinutes(-2), AuthorType.User, mainLine, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered);
        var campaign = Out(f.BenSales, new DateTime(2026, 11, 23, 15, 10, 0, DateTimeKind.Utc), AuthorType.Campaign, mainLine, MessageStatus.Queued, MessageStatus.Sending);
        campaign.Fail(FailureReason.OutcomeUnknown, "timeout", campaign.OccurredAt);
        var api = Out(f.CaraService, Sunday, AuthorType.Api, serviceLine, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Undelivered);
        api.FailureReason = FailureReason.CarrierError;
        var autoReply = Out(f.CaraService, Sunday.AddMinutes(1), AuthorType.System, serviceLine, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent);
        var refused = Out(f.AnaSales, Now.AddMinutes(-1), AuthorType.User, null, MessageStatus.Queued);
        refused.Fail(FailureReason.OptedOut, null, refused.OccurredAt);
        var retrying = Out(f.AnaSales, Now.AddSeconds(-30), AuthorType.User, mainLine, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Retrying);
        var draft = Out(f.AnaSales, Now.AddMinutes(-3), AuthorType.User, mainLine);
        var canceled = Out(f.BenSales, Now.AddMinutes(-3), AuthorType.User, mainLine, MessageStatus.Queued, MessageStatus.Canceled);
        var note = Message.Create(f.AnaSales.Id, MessageDirection.Internal, MessageKind.Note, "Call her back", MessageStatus.Received, Now.AddMinutes(-4));
        var before = DataBuilder.Inbound(f.BenSales, "Last week", new DateTime(2026, 11, 15, 18, 0, 0, DateTimeKind.Utc));

        await using var db = await f.Database.CreateDbContextAsync();
        db.ProviderAccounts.AddRange(mainLine, serviceLine);
        db.Messages.AddRange(staffReply, campaign, api, autoReply, refused, retrying, draft, canceled, note, before);
        await db.SaveChangesAsync();
        await SetThreadTimesAsync(db);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    /// <summary>Ana's and Ben's Sales conversations began on Monday, Cara's on Sunday; Ana's Service one began on Friday and closed on Monday.</summary>
    private async Task SetThreadTimesAsync(Portal.Infrastructure.Persistence.PortalDbContext db)
    {
        var monday = new DateTime(2026, 11, 23, 15, 0, 0, DateTimeKind.Utc);
        await db.Threads.Where(t => t.Id == f.AnaSales.Id || t.Id == f.BenSales.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.CreatedAt, monday));
        await db.Threads.Where(t => t.Id == f.CaraService.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.CreatedAt, Sunday.AddHours(-1)));
        await db.Threads.Where(t => t.Id == f.AnaService.Id).ExecuteUpdateAsync(t => t
            .SetProperty(x => x.CreatedAt, new DateTime(2026, 11, 20, 14, 0, 0, DateTimeKind.Utc))
            .SetProperty(x => x.ClosedAt, new DateTime(2026, 11, 23, 17, 0, 0, DateTimeKind.Utc)));
    }

    private Message Out(Portal.Core.Threads.ConversationThread thread, DateTime at, AuthorType author, ProviderAccount? account, params MessageStatus[] path)
    {
        var message = DataBuilder.Outbound(thread, "Text", at, path);
        message.AuthorType = author;
        message.AuthorUserId = author is AuthorType.User ? f.SalesRep.Id : null;
        message.ProviderAccountId = account?.Id;
        return message;
    }

    private Task CountWeekAsync() => counter.RecountAsync(Week.FromUtc, Now, CancellationToken.None);

    [Fact]
    public async Task Volume_counts_texts_in_and_out_conversations_begun_and_closed_per_day_hour_department_person_account_and_origin()
    {
        await CountWeekAsync();

        var volume = await reports.VolumeAsync(f.AdminScope, new ReportFilter(), Week);

        Assert.Equal((4, 6, 4, 1), (volume.In, volume.Out, volume.NewConversations, volume.ClosedConversations));
        Assert.Equal(7, volume.ByDay.Count);
        Assert.Equal(new VolumeDay(new DateOnly(2026, 11, 20), 0, 0, 1, 0), volume.ByDay[3]);
        Assert.Equal(new VolumeDay(new DateOnly(2026, 11, 22), 0, 2, 1, 0), volume.ByDay[5]);
        Assert.Equal(new VolumeDay(new DateOnly(2026, 11, 23), 4, 4, 2, 1), volume.ByDay[6]);

        // Monday 11:00–12:00 in Chicago held three customer texts and three of ours; Sunday 15:00 the two to Cara.
        Assert.Equal(168, volume.ByHourOfWeek.Count);
        Assert.Equal([(DayOfWeek.Sunday, 15, 0, 2), (DayOfWeek.Monday, 9, 0, 1), (DayOfWeek.Monday, 10, 1, 0), (DayOfWeek.Monday, 11, 3, 3)],
            volume.ByHourOfWeek.Where(h => h.In + h.Out > 0).Select(h => (h.Day, h.Hour, h.In, h.Out)));

        Assert.Equal([("Sales", 3, 4), ("Service", 1, 2)], volume.ByDepartment.Select(d => (d.Name, d.In, d.Out)));
        Assert.Equal([("Sam Sales", 0, 3)], volume.ByUser.Select(u => (u.Name, u.In, u.Out)));
        Assert.Equal([("No account", 4, 1), ("Main line", 0, 3), ("Service line", 0, 2)], volume.ByAccount.Select(a => (a.Name, a.In, a.Out)));
        Assert.Equal([(TextOrigin.Staff, 3), (TextOrigin.Campaign, 1), (TextOrigin.Api, 1), (TextOrigin.AutoReply, 1)], volume.ByOrigin.Select(o => (o.Origin, o.Out)));
        Assert.Equal((3, 3), (volume.StaffOut, volume.AutomatedOut));
    }

    [Fact]
    public async Task Delivery_splits_sent_delivered_failed_unknown_and_pending_by_account_and_reason()
    {
        await CountWeekAsync();

        var delivery = await reports.DeliveryAsync(f.AdminScope, new ReportFilter(), Week);

        Assert.Equal(new DeliveryRow(null, "All", Attempted: 6, Sent: 3, Delivered: 1, Failed: 2, OutcomeUnknown: 1, Pending: 1), delivery.Overall);
        Assert.Equal(1 / 6.0, delivery.Overall.OutcomeUnknownShare);
        Assert.Equal(
            [("Main line", 3, 1, 1, 0, 1, 1), ("No account", 1, 0, 0, 1, 0, 0), ("Service line", 2, 2, 0, 1, 0, 0)],
            delivery.ByAccount.Select(a => (a.Name, a.Attempted, a.Sent, a.Delivered, a.Failed, a.OutcomeUnknown, a.Pending)));
        Assert.Equal([FailureReason.OptedOut, FailureReason.CarrierError, FailureReason.OutcomeUnknown], delivery.ByReason.Select(r => r.Reason));
        Assert.All(delivery.ByReason, r => Assert.Equal(1, r.Count));
    }

    [Fact]
    public async Task A_manager_counts_only_their_departments_and_a_person_only_what_they_sent()
    {
        await CountWeekAsync();

        var sales = await reports.VolumeAsync(f.SalesScope, new ReportFilter(), Week);
        Assert.Equal((3, 4), (sales.In, sales.Out));
        Assert.Equal(["Sales"], sales.ByDepartment.Select(d => d.Name));
        Assert.Equal(0, (await reports.VolumeAsync(f.SalesScope, new ReportFilter { DepartmentId = f.Service.Id }, Week)).Out);
        Assert.Equal(0, (await reports.DeliveryAsync(f.ServiceScope, new ReportFilter(), Week)).Overall.Pending);

        var sam = await reports.VolumeAsync(f.AdminScope, new ReportFilter { UserId = f.SalesRep.Id }, Week);
        Assert.Equal((0, 3), (sam.In, sam.Out));
    }

    [Fact]
    public async Task Counts_follow_the_texts_a_receipt_and_the_history_before_the_counts_began()
    {
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            db.Messages.Add(DataBuilder.Inbound(f.BenSales, "Three weeks ago", new DateTime(2026, 11, 2, 18, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }

        await counter.RunOnceAsync(CancellationToken.None);
        var month = ReportRange.For(ReportPeriod.Last30Days, Chicago, Now);
        Assert.Equal(6, (await reports.VolumeAsync(f.AdminScope, new ReportFilter(), month)).In);

        // A customer texts and the retrying text is delivered: the next minute's run counts both.
        clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            db.Messages.Add(DataBuilder.Inbound(f.AnaSales, "Thanks", clock.GetUtcNow().UtcDateTime));
            var retrying = await db.Messages.SingleAsync(m => m.Status == MessageStatus.Retrying);
            retrying.MoveTo(MessageStatus.Sending, clock.GetUtcNow().UtcDateTime);
            retrying.MoveTo(MessageStatus.Delivered, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var stale = await reports.DeliveryAsync(f.AdminScope, new ReportFilter(), Week);
        Assert.Equal(1, stale.Overall.Pending);
        await counter.RunOnceAsync(CancellationToken.None);
        var delivery = await reports.DeliveryAsync(f.AdminScope, new ReportFilter(), Week with { ToUtc = clock.GetUtcNow().UtcDateTime.AddSeconds(1) });
        Assert.Equal((0, 2), (delivery.Overall.Pending, delivery.Overall.Delivered));
        Assert.Equal(7, (await reports.VolumeAsync(f.AdminScope, new ReportFilter(), month with { ToUtc = clock.GetUtcNow().UtcDateTime.AddSeconds(1) })).In);
    }

    [Fact]
    public async Task Days_and_hours_of_the_week_are_local_across_the_night_the_clocks_go_back()
    {
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            db.Messages.AddRange(
                DataBuilder.Inbound(f.CaraService, "23:30 CDT Saturday", new DateTime(2026, 11, 1, 4, 30, 0, DateTimeKind.Utc)),
                DataBuilder.Inbound(f.CaraService, "00:30 CDT", new DateTime(2026, 11, 1, 5, 30, 0, DateTimeKind.Utc)),
                DataBuilder.Inbound(f.CaraService, "01:30 CDT", new DateTime(2026, 11, 1, 6, 30, 0, DateTimeKind.Utc)),
                DataBuilder.Inbound(f.CaraService, "01:30 CST", new DateTime(2026, 11, 1, 7, 30, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }

        var range = ReportRange.Days(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 1), Chicago, Now);
        await counter.RecountAsync(range.FromUtc, range.ToUtc, CancellationToken.None);
        var volume = await reports.VolumeAsync(f.AdminScope, new ReportFilter(), range);

        Assert.Equal([(new DateOnly(2026, 10, 31), 1), (new DateOnly(2026, 11, 1), 3)], volume.ByDay.Select(d => (d.Day, d.In)));
        Assert.Equal([(DayOfWeek.Sunday, 0, 1), (DayOfWeek.Sunday, 1, 2), (DayOfWeek.Saturday, 23, 1)],
            volume.ByHourOfWeek.Where(h => h.In > 0).Select(h => (h.Day, h.Hour, h.In)));
    }

    [Fact]
    public async Task Consent_counts_the_ledger_by_source_and_day_and_per_thousand_texts_sent()
    {
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            db.ConsentEntries.AddRange(
                DataBuilder.Stop(f.Ana.Phone!, Now.AddHours(-1)),
                new ConsentEntry { Number = f.Ben.Phone!, Status = Portal.Core.Customers.ConsentStatus.OptedIn, ActedAt = Sunday, RecordedAt = Sunday, Source = ConsentSource.Staff, Detail = "Signed form" },
                new ConsentEntry { Number = f.Cara.Phone!, Status = Portal.Core.Customers.ConsentStatus.OptedOut, ActedAt = Now.AddHours(-2), RecordedAt = Now, Source = ConsentSource.ProviderReport, Detail = "Carrier STOP" },
                // A lead file's number nobody has texted: the dealership's, in no department.
                new ConsentEntry { Number = "+13125559999", Status = Portal.Core.Customers.ConsentStatus.OptedIn, ActedAt = Sunday, RecordedAt = Sunday, Source = ConsentSource.Import, Detail = "leads.csv row 2" },
                DataBuilder.Stop(f.Ben.Phone!, new DateTime(2026, 11, 10, 18, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }

        await CountWeekAsync();

        var all = await reports.ConsentAsync(f.AdminScope, new ReportFilter(), Week);
        Assert.Equal((2, 2, 3), (all.OptOuts, all.OptIns, all.TextsSent));
        Assert.Equal(666.7, all.OptOutsPer1000Sent);
        Assert.Equal((0, 2), (all.ByDay[5].OptOuts, all.ByDay[5].OptIns));
        Assert.Equal((2, 0), (all.ByDay[6].OptOuts, all.ByDay[6].OptIns));
        Assert.Equal([(ConsentSource.Keyword, 1, 0), (ConsentSource.ProviderReport, 1, 0), (ConsentSource.Staff, 0, 1), (ConsentSource.Import, 0, 1)],
            all.BySource.Where(s => s.OptOuts + s.OptIns > 0).Select(s => (s.Source, s.OptOuts, s.OptIns)));

        // Sales: Ana (who also talks to Service) and Ben; one text sent there.
        var sales = await reports.ConsentAsync(f.SalesScope, new ReportFilter(), Week);
        Assert.Equal((1, 1, 1, 1000.0), (sales.OptOuts, sales.OptIns, sales.TextsSent, sales.OptOutsPer1000Sent));
    }
}
