using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The same API at 23:00 in Chicago: a text is accepted and held for the department's next opening.</summary>
public class IntegrationApiNightTests : IAsyncLifetime
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"portal-api-night-{Guid.NewGuid():N}.db");
    private PortalFactory factory = default!;

    public Task InitializeAsync()
    {
        factory = new PortalFactory(databasePath, new Dictionary<string, string?>
        {
            ["Portal:ApiKeys:0:Name"] = "Night DMS",
            ["Portal:ApiKeys:0:Key"] = IntegrationApiTests.SalesKey,
            ["Portal:ApiKeys:0:Departments"] = "Sales",
        }, clockStart: HostClock.Night);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        PortalFactory.DeleteDatabase(databasePath);
    }

    [Fact]
    public async Task A_text_sent_at_night_is_accepted_and_scheduled_for_the_next_opening_of_the_sending_hours()
    {
        var (sales, customer) = await factory.QueryAsync(async db =>
        {
            var department = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var id = await db.Threads.Where(t => t.DepartmentId == department.Id && t.Customer!.Consent != ConsentStatus.OptedOut && t.Customer.Phone != null && t.Customer.Phone.StartsWith("+1"))
                .Select(t => t.CustomerId).FirstAsync();
            return (department, id);
        });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IntegrationApiTests.SalesKey);

        var response = await client.PostAsJsonAsync($"/api/v1/departments/{sales.Id}/customers/{customer}/messages", new { body = "Your car is ready" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var stored = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(MessageStatus.Scheduled, stored.Status);
        var opening = Portal.Core.Sending.SendingWindow.NextOpening(factory.Clock.UtcNow, sales.SendingHours, Portal.Core.Departments.DepartmentTimeZone.Find(sales.TimeZoneId));
        Assert.Equal(opening, stored.SendAt);
        Assert.Equal(new TimeOnly(8, 0), TimeOnly.FromDateTime(Portal.Core.Departments.DepartmentTimeZone.ToLocal(stored.SendAt!.Value, sales.TimeZoneId)));
    }
}
