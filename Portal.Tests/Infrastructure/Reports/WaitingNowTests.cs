using Microsoft.EntityFrameworkCore;
using Portal.Core.Reports;
using Portal.Core.Threads;

namespace Portal.Tests.Infrastructure.Reports;

public sealed class WaitingNowTests : IAsyncLifetime
{
    private static readonly DateTime Now = InboxFixture.Now;
    private InboxFixture f = default!;
    private IReports reports = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        reports = new Portal.Infrastructure.Reports.Reports(f.Database);
        // Ana waits in Sales (10 min), Cara in Service (30 min, past the limit); Ben was answered; Ana's closed Service
        // conversation and a snoozed one keep an old wait that no longer counts.
        await WaitAsync(f.AnaSales.Id, Now.AddMinutes(-10));
        await WaitAsync(f.CaraService.Id, Now.AddMinutes(-30), escalationLevel: 1);
        await WaitAsync(f.AnaService.Id, Now.AddDays(-3));
        await using var db = await f.Database.CreateDbContextAsync();
        var snoozed = Portal.Tests.Support.DataBuilder.Thread(f.Sales, f.Cara, Now.AddHours(-5));
        snoozed.Status = ThreadStatus.Snoozed;
        snoozed.AwaitingReplySince = Now.AddHours(-5);
        db.Threads.Add(snoozed);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Open_conversations_with_an_unanswered_customer_text_are_listed_oldest_first_with_who_has_them()
    {
        var all = await reports.WaitingNowAsync(f.AdminScope, new ReportFilter());

        Assert.Equal(2, all.Count);
        Assert.Equal(Now.AddMinutes(-30), all.OldestSince);
        Assert.Equal([(f.CaraService.Id, "Cara Lind", "Service", "Sue Service", true), (f.AnaSales.Id, "Ana Ruiz", "Sales", "Sam Sales", false)],
            all.Oldest.Select(w => (w.ThreadId, w.CustomerName, w.DepartmentName, w.AssigneeName, w.Overdue)));
        Assert.Equal(DateTimeKind.Utc, all.Oldest[0].WaitingSince.Kind);
    }

    [Fact]
    public async Task Each_person_sees_only_their_departments_and_filters_narrow_within_them()
    {
        Assert.Equal([f.AnaSales.Id], (await reports.WaitingNowAsync(f.SalesScope, new ReportFilter())).Oldest.Select(w => w.ThreadId));
        Assert.Equal([f.CaraService.Id], (await reports.WaitingNowAsync(f.ServiceScope, new ReportFilter())).Oldest.Select(w => w.ThreadId));
        // Asking for a department outside one's own gives nothing, not that department's conversations.
        Assert.Equal(0, (await reports.WaitingNowAsync(f.SalesScope, new ReportFilter { DepartmentId = f.Service.Id })).Count);
        Assert.Equal([f.AnaSales.Id], (await reports.WaitingNowAsync(f.AdminScope, new ReportFilter { DepartmentId = f.Sales.Id })).Oldest.Select(w => w.ThreadId));
        Assert.Equal([f.CaraService.Id], (await reports.WaitingNowAsync(f.AdminScope, new ReportFilter { UserId = f.ServiceAdvisor.Id })).Oldest.Select(w => w.ThreadId));

        var first = await reports.WaitingNowAsync(f.AdminScope, new ReportFilter(), take: 1);
        Assert.Equal(2, first.Count);
        Assert.Equal([f.CaraService.Id], first.Oldest.Select(w => w.ThreadId));
    }

    [Fact]
    public async Task An_answer_ends_the_wait_and_every_department_is_counted_for_the_metrics()
    {
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            var cara = await db.Threads.SingleAsync(t => t.Id == f.CaraService.Id);
            cara.Answered();
            await db.SaveChangesAsync();
        }

        var byDepartment = await reports.WaitingByDepartmentAsync();

        Assert.Equal([("Sales", 1, (DateTime?)Now.AddMinutes(-10)), ("Service", 0, null)], byDepartment.Select(d => (d.DepartmentName, d.Count, d.OldestSince)));
        Assert.Equal([f.AnaSales.Id], (await reports.WaitingNowAsync(f.AdminScope, new ReportFilter())).Oldest.Select(w => w.ThreadId));
    }

    [Fact]
    public async Task A_customer_who_opted_out_is_not_waiting_for_an_answer_nobody_may_send()
    {
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            await db.Customers.Where(c => c.Id == f.Cara.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.Consent, Portal.Core.Customers.ConsentStatus.OptedOut));
        }

        Assert.Equal([f.AnaSales.Id], (await reports.WaitingNowAsync(f.AdminScope, new ReportFilter())).Oldest.Select(w => w.ThreadId));
        Assert.Equal(0, (await reports.WaitingByDepartmentAsync()).Single(d => d.DepartmentName == "Service").Count);
    }

    private async Task WaitAsync(Guid threadId, DateTime since, int escalationLevel = 0)
    {
        await using var db = await f.Database.CreateDbContextAsync();
        await db.Threads.Where(t => t.Id == threadId)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, since).SetProperty(x => x.EscalationLevel, escalationLevel));
    }
}
