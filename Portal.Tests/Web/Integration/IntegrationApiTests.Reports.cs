using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Threads;

namespace Portal.Tests.Web.Integration;

public partial class IntegrationApiTests
{
    [Fact]
    public async Task Waiting_conversations_are_reported_oldest_first_for_the_keys_departments_only()
    {
        var longAgo = new DateTime(2020, 1, 6, 15, 0, 0, DateTimeKind.Utc);
        var (salesThread, serviceThread, service) = await factory.QueryAsync(async db =>
        {
            var sales = await db.Threads.Where(t => t.Department!.Name == "Sales" && t.Status == ThreadStatus.Open).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
            var serviceThread = await db.Threads.Where(t => t.Department!.Name == "Service" && t.Status == ThreadStatus.Open).OrderBy(t => t.Id).Select(t => new { t.Id, t.DepartmentId }).FirstAsync();
            await db.Threads.Where(t => t.Id == sales).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, longAgo.AddMinutes(5)));
            await db.Threads.Where(t => t.Id == serviceThread.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitingReplySince, longAgo));
            return (sales, serviceThread.Id, serviceThread.DepartmentId);
        });

        var forSales = await Client(SalesKey).GetFromJsonAsync<JsonElement>("/api/v1/reports/waiting?take=200");
        var forAll = await Client(AllKey).GetFromJsonAsync<JsonElement>($"/api/v1/reports/waiting?departmentId={service}&take=1");
        var foreign = await Client(SalesKey).GetAsync($"/api/v1/reports/waiting?departmentId={service}");
        var tooMany = await Client(AllKey).GetAsync("/api/v1/reports/waiting?take=0");

        Assert.Equal(salesThread, forSales.GetProperty("oldest")[0].GetProperty("threadId").GetGuid());
        Assert.Equal(new DateTimeOffset(longAgo.AddMinutes(5)), forSales.GetProperty("oldestSince").GetDateTimeOffset());
        Assert.All(forSales.GetProperty("oldest").EnumerateArray(), w => Assert.Equal("Sales", w.GetProperty("departmentName").GetString()));
        Assert.Equal(forSales.GetProperty("count").GetInt32(), forSales.GetProperty("oldest").GetArrayLength());
        Assert.Equal(serviceThread, forAll.GetProperty("oldest")[0].GetProperty("threadId").GetGuid());
        Assert.Equal(1, forAll.GetProperty("oldest").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("take", out _));
    }
}
