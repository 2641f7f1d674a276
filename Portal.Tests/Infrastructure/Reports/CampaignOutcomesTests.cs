using Portal.Core.Campaigns;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Reports;
using Portal.Infrastructure.Reports;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Reports;

/// <summary>
/// A Sales campaign to Ana, Ben and a third recipient whose text failed: Ana replied and Sam answered her, Ben replied
/// STOP; a Service campaign and one started before the range are someone else's rows.
/// </summary>
public sealed class CampaignOutcomesTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");
    private readonly ReportRange week = ReportRange.Days(new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 23), Chicago, InboxFixture.Now);
    private InboxFixture f = default!;
    private Campaign spring = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        var account = new ProviderAccount { Kind = SimulatorModule.Kind, Name = "Main line", DepartmentId = f.Sales.Id };
        spring = Scheduled("Spring tires", f.Sales.Id, account.Id, Start, recipients: 3);
        var service = Scheduled("Oil change", f.Service.Id, account.Id, Start, recipients: 1);
        var old = Scheduled("Old", f.Sales.Id, account.Id, Start.AddDays(-10), recipients: 1);

        var toAna = Sent(spring, f.AnaSales, MessageStatus.Delivered);
        var toBen = Sent(spring, f.BenSales, MessageStatus.Delivered);
        var failed = DataBuilder.Outbound(f.BenSales, "Spring tires", Start, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Failed);
        failed.CampaignId = spring.Id;
        var toCara = Sent(service, f.CaraService, MessageStatus.Sent);
        var anaReply = DataBuilder.Inbound(f.AnaSales, "Yes please", Start.AddMinutes(20));
        var benStop = DataBuilder.Inbound(f.BenSales, "STOP", Start.AddMinutes(30));

        await using var db = await f.Database.CreateDbContextAsync();
        db.ProviderAccounts.Add(account);
        db.Campaigns.AddRange(spring, service, old);
        db.Messages.AddRange(toAna, toBen, failed, toCara, anaReply, benStop, Sent(old, f.AnaSales, MessageStatus.Delivered));
        db.ConsentEntries.Add(DataBuilder.Stop(f.Ben.Phone!, Start.AddMinutes(30), benStop.Id));
        db.ResponseTimes.Add(new ResponseTime
        {
            ThreadId = f.AnaSales.Id, DepartmentId = f.Sales.Id, ResponderUserId = f.SalesRep.Id,
            WaitedFrom = anaReply.OccurredAt, AnsweredAt = Start.AddMinutes(25), WallSeconds = 300, BusinessSeconds = 300, IsFirstResponse = true,
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static Campaign Scheduled(string name, Guid departmentId, Guid accountId, DateTime startAt, int recipients)
    {
        var campaign = Campaign.NewDraft(name, null, "Mia Manager");
        campaign.EditDraft(name, departmentId, accountId, [new CampaignVariant("A", null, "Hi", 100)], new CampaignAudience(), startAt, 60);
        campaign.Schedule(startAt, recipients, 0, startAt.AddHours(-1));
        campaign.MarkRunning();
        return campaign;
    }

    private static Message Sent(Campaign campaign, Portal.Core.Threads.ConversationThread thread, MessageStatus outcome)
    {
        var path = outcome == MessageStatus.Sent
            ? new[] { MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent }
            : [MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent, outcome];
        var message = DataBuilder.Outbound(thread, campaign.Name, campaign.StartAt, path);
        message.AuthorType = AuthorType.Campaign;
        message.CampaignId = campaign.Id;
        return message;
    }

    [Fact]
    public async Task Each_campaign_in_the_range_counts_its_texts_replies_opt_outs_and_the_replies_a_person_answered()
    {
        var outcomes = await new ActivityReports(f.Database).CampaignsAsync(f.AdminScope, new ReportFilter(), week);

        Assert.Equal(["Oil change", "Spring tires"], outcomes.Select(c => c.Name).Order());
        var row = outcomes.Single(c => c.Id == spring.Id);
        Assert.Equal(("Sales", 3, 2, 2, 2, 1, 1), (row.DepartmentName, row.Recipients, row.Sent, row.Delivered, row.Replied, row.OptedOut, row.RepliesAnswered));
        Assert.Equal((1.0, 0.5), (row.ReplyRate, row.OptOutRate));
        // Cara's question on Monday came after the Service campaign's text on Friday: a reply.
        Assert.Equal((1, 1, 0), outcomes.Where(c => c.Name == "Oil change").Select(c => (c.Sent, c.Replied, c.OptedOut)).Single());
    }

    [Fact]
    public async Task A_manager_sees_the_campaigns_of_their_departments()
    {
        var reports = new ActivityReports(f.Database);

        Assert.Equal(["Spring tires"], (await reports.CampaignsAsync(f.SalesScope, new ReportFilter(), week)).Select(c => c.Name));
        Assert.Empty(await reports.CampaignsAsync(f.SalesScope, new ReportFilter { DepartmentId = f.Service.Id }, week));
    }
}
