using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Portal.Tests.Web.Integration;

/// <summary>An integration registers its own event webhooks with its key, for its departments only.</summary>
public class EventWebhookApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private Task<(Guid Sales, Guid Service)> DepartmentsAsync() => factory.QueryAsync(async db =>
        (await db.Departments.Where(d => d.Name == "Sales").Select(d => d.Id).SingleAsync(),
         await db.Departments.Where(d => d.Name == "Service").Select(d => d.Id).SingleAsync()));

    [Fact]
    public async Task A_key_registers_lists_rotates_and_deletes_an_endpoint_for_its_department()
    {
        var (sales, _) = await DepartmentsAsync();
        var client = Client(IntegrationApiTests.SalesKey);

        var created = await client.PostAsJsonAsync($"/api/v1/departments/{sales}/webhooks",
            new { url = "https://hooks.example.com/portal", events = new[] { "message.received", "customer.opted_out" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("webhook").GetProperty("id").GetGuid();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(["message.received", "customer.opted_out"], body.GetProperty("webhook").GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/v1/departments/{sales}/webhooks");
        Assert.Contains(listed.EnumerateArray(), w => w.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain(listed.EnumerateArray(), w => w.TryGetProperty("secret", out _));

        var rotated = await (await client.PostAsync($"/api/v1/webhooks/{id}/secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("whsec_", rotated.GetProperty("secret").GetString());
        Assert.NotEqual(secret, rotated.GetProperty("secret").GetString());

        var deliveries = await client.GetAsync($"/api/v1/webhooks/{id}/deliveries");
        Assert.Equal(HttpStatusCode.OK, deliveries.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.False(await factory.QueryAsync(db => db.WebhookSubscriptions.AnyAsync(s => s.Id == id)));
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook", new[] { "message.received" }, "url")]
    [InlineData("http://10.0.0.5/hook", new[] { "message.received" }, "url")]
    [InlineData("not a url", new[] { "message.received" }, "url")]
    [InlineData("https://hooks.example.com/portal", new[] { "message.sent" }, "events")]
    [InlineData("https://hooks.example.com/portal", new string[0], "events")]
    public async Task A_refused_address_or_unknown_event_is_a_field_error_and_registers_nothing(string url, string[] events, string field)
    {
        var (sales, _) = await DepartmentsAsync();
        var before = await factory.QueryAsync(db => db.WebhookSubscriptions.CountAsync());

        var response = await Client(IntegrationApiTests.SalesKey).PostAsJsonAsync($"/api/v1/departments/{sales}/webhooks", new { url, events });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await factory.QueryAsync(db => db.WebhookSubscriptions.CountAsync()));
    }

    [Fact]
    public async Task Another_departments_endpoints_are_403_and_unknown_ones_404()
    {
        var (_, service) = await DepartmentsAsync();
        var serviceHook = (await (await Client(IntegrationApiTests.AllKey).PostAsJsonAsync($"/api/v1/departments/{service}/webhooks",
            new { url = "https://crm.example.com/hooks", events = new[] { "thread.closed" } })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("webhook").GetProperty("id").GetGuid();
        var sales = Client(IntegrationApiTests.SalesKey);

        var responses = new[]
        {
            await sales.GetAsync($"/api/v1/departments/{service}/webhooks"),
            await sales.PostAsJsonAsync($"/api/v1/departments/{service}/webhooks", new { url = "https://x.example.com/h", events = new[] { "thread.closed" } }),
            await sales.DeleteAsync($"/api/v1/webhooks/{serviceHook}"),
            await sales.PostAsync($"/api/v1/webhooks/{serviceHook}/secret", null),
            await sales.GetAsync($"/api/v1/webhooks/{serviceHook}/deliveries"),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await sales.DeleteAsync($"/api/v1/webhooks/{Guid.NewGuid()}")).StatusCode);
        Assert.True(await factory.QueryAsync(db => db.WebhookSubscriptions.AnyAsync(s => s.Id == serviceHook)));
        Assert.Equal(1, await factory.QueryAsync(db => db.WebhookSubscriptions.CountAsync(s => s.DepartmentId == service)));
    }
}
