using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The portal as its own process, killed (SIGKILL) while a campaign sends through a fake Surge, then started again on
/// the same database: nobody is texted twice, and everybody is texted except those whose send was cut off mid-call,
/// which are flagged for a person.
/// </summary>
[Trait(TestCost.Trait, TestCost.Process)]
public sealed partial class CampaignCrashTests() : FakeSurgeProcessTest("campaign-crash", TimeSpan.FromMilliseconds(30))
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(3);

    private const int Recipients = 240;
    private static readonly Guid AccountId = Guid.Parse("5b0c3d2e-8f1a-4b6c-9d7e-2f3a4b5c6d7e");

    [Fact]
    public async Task A_campaign_killed_mid_send_and_restarted_texts_nobody_twice_and_everybody_else_once()
    {
        var port = PortalProcess.FreePort();

        // First start: migrations, demo data and the configured Surge account; then the campaign is put in place.
        var setup = StartPortal(port);
        await PortalProcess.WaitHealthyAsync(port);
        await PortalProcess.KillAsync(setup);
        var campaignId = await ScheduleCampaignAsync();

        var sending = StartPortal(port);
        await PortalProcess.WaitHealthyAsync(port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (TextedNumbers(Number()).Count < 60)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {TextedNumbers(Number()).Count} texts went out in a minute.");
            await Task.Delay(20);
        }

        await PortalProcess.KillAsync(sending);
        var beforeRestart = TextedNumbers(Number()).Count;
        Assert.True(beforeRestart < Recipients, "The campaign finished before the kill; nothing was tested.");
        // Past the stuck-send and lease times, so the restart's sweep settles the cut-off sends and wakes the campaign.
        await WaitUntilCutOffWorkIsStaleAsync(StuckAfter);

        var restarted = StartPortal(port);
        try
        {
            await PortalProcess.WaitHealthyAsync(port);
            deadline = DateTime.UtcNow.AddSeconds(90);
            while (await CampaignStatusAsync(campaignId) != CampaignStatus.Completed)
            {
                Assert.True(DateTime.UtcNow < deadline, "The campaign did not complete within 90 s of the restart.");
                await Task.Delay(200);
            }
        }
        finally
        {
            await PortalProcess.KillAsync(restarted);
        }

        var texted = TextedNumbers(Number());
        var messages = await MessagesAsync(campaignId);
        Assert.All(texted.GroupBy(n => n), g => Assert.Single(g));
        Assert.Equal(Recipients, messages.Count);
        var flagged = messages.Where(m => m.Status == MessageStatus.Failed && m.FailureReason == FailureReason.OutcomeUnknown).ToList();
        Assert.All(messages, m => Assert.True(m.Status == MessageStatus.Sent || flagged.Contains(m), $"{m.Phone} ended {m.Status} ({m.FailureReason})"));
        // Every text that was sent reached Surge once; a flagged one may or may not have, which is why a person decides.
        Assert.All(messages.Where(m => m.Status == MessageStatus.Sent), m => Assert.Contains(m.Phone, texted));
        // At most one batch was in flight: 1,200 a minute is 4 per 200-ms tick, up to 12 when a slow batch is made up.
        Assert.True(flagged.Count <= 12, $"{flagged.Count} sends were flagged; at most one batch in flight should be.");
        Assert.True(texted.Count > beforeRestart);
    }

    private sealed record CampaignMessage(string Phone, MessageStatus Status, FailureReason? FailureReason);

    /// <summary>
    /// What scheduling writes: the campaign, each recipient's closed conversation and their scheduled text. The portal
    /// runs here as a real process on the wall clock, which no test can fake; so that this holds at any hour, Sales
    /// sends all day and every recipient lives where it is midday now (campaigns also keep to 8:00–21:00 there).
    /// </summary>
    private async Task<Guid> ScheduleCampaignAsync()
    {
        await using var db = Database();
        var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
        sales.SendingHours = new SendingHours(new TimeOnly(0, 0), new TimeOnly(23, 59, 59));
        var now = DateTime.UtcNow;
        var noon = NoonZone.At(now);
        var campaign = Campaign.NewDraft("Crash test", null, "Crash test");
        campaign.EditDraft("Crash test", sales.Id, AccountId, [new CampaignVariant("A", null, "Crash test", 100)], new CampaignAudience(), now.AddMinutes(-2), 1_200);
        campaign.Schedule(now.AddMinutes(-2), Recipients, 0, now);
        db.Campaigns.Add(campaign);
        for (var i = 0; i < Recipients; i++)
        {
            var customer = new Customer { FirstName = $"Crash{i}", Phone = $"+1872400{i:D4}", TimeZoneId = noon };
            var thread = new ConversationThread { DepartmentId = sales.Id, CustomerId = customer.Id, Status = ThreadStatus.Closed, ClosedAt = now, LastActivityAt = now };
            var message = Message.Create(thread.Id, MessageDirection.Outbound, MessageKind.Text, $"Crash test {i}", MessageStatus.Draft, now);
            message.CampaignId = campaign.Id;
            message.CampaignVariant = "A";
            message.AuthorType = AuthorType.Campaign;
            message.IsAutomated = true;
            message.ProviderAccountId = AccountId;
            message.SendAt = now.AddMinutes(-2);
            message.MoveTo(MessageStatus.Scheduled, now);
            db.AddRange(customer, thread, message);
        }

        await db.SaveChangesAsync();
        return campaign.Id;
    }

    private async Task<CampaignStatus> CampaignStatusAsync(Guid id)
    {
        await using var db = Database();
        return await db.Campaigns.AsNoTracking().Where(c => c.Id == id).Select(c => c.Status).SingleAsync();
    }

    private async Task<List<CampaignMessage>> MessagesAsync(Guid id)
    {
        await using var db = Database();
        return await db.Messages.AsNoTracking().Where(m => m.CampaignId == id)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { m, t.CustomerId })
            .Join(db.Customers, x => x.CustomerId, c => c.Id, (x, c) => new CampaignMessage(c.Phone!, x.m.Status, x.m.FailureReason))
            .ToListAsync();
    }

    private Process StartPortal(int port) => PortalProcess.Start(port, DatabasePath, new Dictionary<string, string?>(ConfiguredAccounts.Surge(AccountId, Surge.BaseUrl))
    {
        ["Portal:Sending:StuckSendingAfter"] = StuckAfter.ToString(),
        ["Portal:Campaigns:Lease"] = "00:00:03",
        ["Portal:Campaigns:MaxConcurrentSends"] = "4",
    });

    [GeneratedRegex(@"1872400\d{4}")]
    private static partial Regex Number();
}
