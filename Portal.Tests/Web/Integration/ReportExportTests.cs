using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Reports;
using Portal.Core.Threads;

namespace Portal.Tests.Web.Integration;

public class ReportExportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_manager_downloads_their_departments_tables_as_CSV_and_not_anothers()
    {
        var (serviceId, salesId, threadId) = await factory.QueryAsync(async db =>
        {
            var service = await db.Departments.SingleAsync(d => d.Name == "Service");
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var thread = await db.Threads.Where(t => t.DepartmentId == service.Id && t.Status == ThreadStatus.Open && t.Customer!.Consent != Portal.Core.Customers.ConsentStatus.OptedOut)
                .OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
            await db.Threads.Where(t => t.Id == thread).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, new DateTime(2020, 1, 6, 15, 0, 0, DateTimeKind.Utc)));
            return (service.Id, sales.Id, thread);
        });
        var manager = await factory.SignedInClientAsync("manager.service@demo.portal", PortalFactory.DemoPassword);
        var staff = await factory.SignedInClientAsync("staff.service@demo.portal", PortalFactory.DemoPassword);

        var waiting = await manager.GetAsync($"/reports/waiting.csv?department={serviceId}");
        var responses = await manager.GetAsync($"/reports/responsiveness.csv?period={ReportPeriod.Last30Days}");
        var foreign = await manager.GetAsync($"/reports/waiting.csv?department={salesId}");
        var forStaff = await staff.GetAsync("/reports/responsiveness.csv");

        Assert.Equal(HttpStatusCode.OK, waiting.StatusCode);
        Assert.Equal("text/csv", waiting.Content.Headers.ContentType?.MediaType);
        var waitingLines = (await waiting.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Customer,Department,Assigned to,Waiting since (America/Chicago)", waitingLines[0]);
        // The oldest wait first, with its conversation's id last.
        Assert.EndsWith(threadId.ToString(), waitingLines[1].TrimEnd('\r'));
        Assert.All(waitingLines.Skip(1), line => Assert.Contains(",Service,", line));

        var responseLines = (await responses.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# Answers from", responseLines[0]);
        Assert.StartsWith("Group,Name,Answers,First responses", responseLines[1]);
        Assert.DoesNotContain(responseLines, line => line.StartsWith("Department,Sales", StringComparison.Ordinal));
        Assert.StartsWith("All,All,", responseLines[^1]);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, forStaff.StatusCode);
    }

    [Fact]
    public async Task Volume_delivery_campaign_and_consent_tables_download_for_the_managers_departments_and_a_backwards_range_is_refused()
    {
        var salesId = await factory.QueryAsync(db => db.Departments.Where(d => d.Name == "Sales").Select(d => d.Id).SingleAsync());
        await factory.Services.GetRequiredService<Portal.Infrastructure.Reports.ActivityCounter>().RunOnceAsync(CancellationToken.None);
        var manager = await factory.SignedInClientAsync("manager.service@demo.portal", PortalFactory.DemoPassword);

        var volume = await Lines(manager, $"/reports/volume.csv?period={ReportPeriod.Last30Days}");
        var delivery = await Lines(manager, "/reports/delivery.csv");
        var campaigns = await Lines(manager, "/reports/campaigns.csv?period=Custom&from=2026-11-01&to=2026-11-25");
        var consent = await Lines(manager, "/reports/consent.csv?period=Today");
        var foreign = await manager.GetAsync($"/reports/delivery.csv?department={salesId}");
        var backwards = await manager.GetAsync("/reports/consent.csv?period=Custom&from=2026-11-20&to=2026-11-10");

        Assert.StartsWith("# From", volume[0]);
        Assert.StartsWith("Group,Name,Texts in,Texts out", volume[1]);
        Assert.Equal(30, volume.Count(l => l.StartsWith("Day,", StringComparison.Ordinal)));
        Assert.Equal(168, volume.Count(l => l.StartsWith("Hour of week,", StringComparison.Ordinal)));
        Assert.DoesNotContain(volume, l => l.StartsWith("Department,Sales", StringComparison.Ordinal));
        Assert.StartsWith("Group,Name,Tried,Sent,Delivered", delivery[1]);
        Assert.DoesNotContain(delivery, l => l.Contains("Sales", StringComparison.Ordinal));
        Assert.StartsWith("Campaign,Department,Started (America/Chicago)", campaigns[1]);
        Assert.All(campaigns.Skip(2), l => Assert.Contains(",Service,", l));
        Assert.StartsWith("Group,Name,Opt-outs,Opt-ins", consent[1]);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("The last day is before the first.", await backwards.Content.ReadAsStringAsync());
    }

    private static async Task<string[]> Lines(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];
    }
}
