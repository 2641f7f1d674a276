using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Portal.Tests.Web.Integration;

public partial class IntegrationApiTests
{
    [Fact]
    public async Task A_text_claiming_to_answer_a_customer_who_has_not_just_texted_is_refused_with_the_field()
    {
        var sales = await factory.QueryAsync(db => db.Departments.Where(d => d.Name == "Sales").Select(d => d.Id).SingleAsync());

        // A number nobody has texted from: there is no text of theirs to answer.
        var response = await Client(SalesKey).PostAsJsonAsync($"/api/v1/departments/{sales}/messages",
            new { to = "+13125550199", body = "Thanks for your message", isReply = true });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("5 minutes", problem.GetProperty("errors").GetProperty("isReply")[0].GetString());
        // Refused before the number became a customer.
        Assert.False(await factory.QueryAsync(db => db.Customers.AnyAsync(c => c.Phone == "+13125550199")));
    }
    [Fact]
    public async Task An_API_text_to_a_customer_in_Honolulu_goes_or_waits_by_the_customers_clock_not_the_departments()
    {
        var department = await factory.QueryAsync(db => db.Departments.AsNoTracking().SingleAsync(d => d.Name == "Sales"));
        var (sales, hours) = (department.Id, department.SendingHours);
        var customer = new Portal.Core.Customers.Customer { FirstName = "Nina", Phone = "+13125550266", TimeZoneId = "Pacific/Honolulu" };
        await factory.QueryAsync(async db => { db.Customers.Add(customer); return await db.SaveChangesAsync(); });
        var honolulu = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu");
        var local = TimeZoneInfo.ConvertTimeFromUtc(factory.Clock.UtcNow, honolulu);

        var response = await Client(SalesKey).PostAsJsonAsync($"/api/v1/departments/{sales}/customers/{customer.Id}/messages", new { body = "Your car is ready" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sendAt = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendAt");
        // Read from Honolulu's clock here, not from the rule: open now there, or held to a Honolulu opening.
        var open = hours.On(local.DayOfWeek) is { } today && TimeOnly.FromDateTime(local) >= today.Start && TimeOnly.FromDateTime(local) < today.End;
        if (open)
        {
            Assert.Equal(JsonValueKind.Null, sendAt.ValueKind);
        }
        else
        {
            var opening = TimeZoneInfo.ConvertTimeFromUtc(sendAt.GetDateTime().ToUniversalTime(), honolulu);
            Assert.True(opening > local && opening < local.AddDays(7), $"held to {opening} Honolulu time from {local}");
            Assert.Equal(hours.On(opening.DayOfWeek)!.Value.Start, TimeOnly.FromDateTime(opening));
        }
    }
    [Fact]
    public async Task Where_a_customer_lives_and_their_zone_are_written_and_read_through_the_API_and_kept_when_left_out()
    {
        var client = Client(SalesKey);

        var created = await client.PostAsJsonAsync("/api/v1/customers", new { firstName = "Rosa", phone = "+13125550267", timeZoneId = "America/New_York", region = "Florida" });
        var wrong = await client.PostAsJsonAsync("/api/v1/customers", new { firstName = "Otto", phone = "+13125550268", region = "Atlantis" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rosa = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("America/New_York", "US-FL"), (rosa.GetProperty("timeZoneId").GetString(), rosa.GetProperty("region").GetString()));
        Assert.Equal((HttpStatusCode)422, wrong.StatusCode);
        Assert.Contains("is not a state or country", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("region")[0].GetString());
        Assert.False(await factory.QueryAsync(db => db.Customers.AnyAsync(c => c.Phone == "+13125550268")));

        // A change that leaves them out keeps them.
        var id = rosa.GetProperty("id").GetGuid();
        var changed = await client.PutAsJsonAsync($"/api/v1/customers/{id}", new { firstName = "Rosa", lastName = "Marsh", phone = "+13125550267" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{id}");
        Assert.Equal(("Marsh", "America/New_York", "US-FL"), (after.GetProperty("lastName").GetString(), after.GetProperty("timeZoneId").GetString(), after.GetProperty("region").GetString()));
    }
}
