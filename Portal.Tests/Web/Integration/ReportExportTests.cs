using System.Net;
using Microsoft.EntityFrameworkCore;
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
}
