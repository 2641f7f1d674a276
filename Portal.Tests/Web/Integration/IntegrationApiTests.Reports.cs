using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Response_times_are_reported_for_the_keys_departments_only()
    {
        var (sales, service, thread) = await factory.QueryAsync(async db =>
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var service = await db.Departments.SingleAsync(d => d.Name == "Service");
            var thread = await db.Threads.Where(t => t.DepartmentId == service.Id).Select(t => t.Id).FirstAsync();
            return (sales.Id, service.Id, thread);
        });
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.QueryAsync(async db =>
        {
            db.ResponseTimes.Add(new Portal.Core.Reports.ResponseTime
            {
                ThreadId = thread, DepartmentId = service, IsFirstResponse = true, BusinessSeconds = 7 * 60, WallSeconds = 7 * 60,
                AnsweredAt = now.AddMinutes(-1), WaitedFrom = now.AddMinutes(-8),
            });
            return await db.SaveChangesAsync();
        });

        var forAll = await Client(AllKey).GetFromJsonAsync<JsonElement>($"/api/v1/reports/responsiveness?period=Today&departmentId={service}");
        var forSales = await Client(SalesKey).GetFromJsonAsync<JsonElement>("/api/v1/reports/responsiveness?period=Last30Days");
        var foreign = await Client(SalesKey).GetAsync($"/api/v1/reports/responsiveness?departmentId={service}");

        Assert.Equal("America/Chicago", forAll.GetProperty("timeZone").GetString());
        Assert.True(forAll.GetProperty("overall").GetProperty("everyBusiness").GetProperty("count").GetInt32() >= 1);
        Assert.Equal(["Service"], forAll.GetProperty("byDepartment").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.All(forSales.GetProperty("byDepartment").EnumerateArray(), d => Assert.Equal(sales, d.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task Volume_delivery_campaigns_and_consent_are_reported_for_the_keys_departments_with_custom_ranges_checked()
    {
        var (service, thread) = await factory.QueryAsync(async db =>
        {
            var service = await db.Departments.SingleAsync(d => d.Name == "Service");
            var thread = await db.Threads.Where(t => t.DepartmentId == service.Id).Select(t => t.Id).FirstAsync();
            return (service.Id, thread);
        });
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.QueryAsync(async db =>
        {
            var text = Portal.Core.Messages.Message.Create(thread, Portal.Core.Messages.MessageDirection.Inbound, Portal.Core.Messages.MessageKind.Text,
                "Counted", Portal.Core.Messages.MessageStatus.Received, now.AddMinutes(-1));
            db.Messages.Add(text);
            return await db.SaveChangesAsync();
        });
        await factory.Services.GetRequiredService<Portal.Infrastructure.Reports.ActivityCounter>()
            .RecountAsync(now.AddHours(-1), now, CancellationToken.None);

        var volume = await Client(AllKey).GetFromJsonAsync<JsonElement>($"/api/v1/reports/volume?period=Today&departmentId={service}");
        var salesVolume = await Client(SalesKey).GetFromJsonAsync<JsonElement>("/api/v1/reports/volume?period=Last30Days");
        var delivery = await Client(SalesKey).GetFromJsonAsync<JsonElement>("/api/v1/reports/delivery");
        var campaigns = await Client(SalesKey).GetFromJsonAsync<JsonElement>("/api/v1/reports/campaigns?period=Last30Days");
        var consent = await Client(AllKey).GetFromJsonAsync<JsonElement>("/api/v1/reports/consent?period=Custom&from=2026-11-01&to=2026-11-20");
        var foreign = await Client(SalesKey).GetAsync($"/api/v1/reports/delivery?departmentId={service}");
        var backwards = await Client(AllKey).GetAsync("/api/v1/reports/volume?period=Custom&from=2026-11-20&to=2026-11-01");

        Assert.Equal("America/Chicago", volume.GetProperty("timeZone").GetString());
        Assert.True(volume.GetProperty("report").GetProperty("in").GetInt32() >= 1);
        Assert.Equal(["Service"], volume.GetProperty("report").GetProperty("byDepartment").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(168, volume.GetProperty("report").GetProperty("byHourOfWeek").GetArrayLength());
        Assert.All(salesVolume.GetProperty("report").GetProperty("byDepartment").EnumerateArray(), d => Assert.Equal("Sales", d.GetProperty("name").GetString()));
        Assert.True(delivery.GetProperty("report").TryGetProperty("overall", out _));
        Assert.All(campaigns.GetProperty("report").EnumerateArray(), c => Assert.Equal("Sales", c.GetProperty("departmentName").GetString()));
        Assert.Equal(20, consent.GetProperty("report").GetProperty("byDay").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.True((await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
    }
}
