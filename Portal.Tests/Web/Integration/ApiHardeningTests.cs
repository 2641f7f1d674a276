using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Integration;

namespace Portal.Tests.Web.Integration;

/// <summary>Idempotency keys and answers from routing, as issue 16 found them.</summary>
public class ApiHardeningTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient Client()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IntegrationApiTests.SalesKey);
        return client;
    }

    private Task<Guid> SalesAsync() => factory.QueryAsync(db => db.Departments.Where(d => d.Name == "Sales").Select(d => d.Id).SingleAsync());

    private async Task<HttpResponseMessage> SendAsync(Guid sales, string to, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/departments/{sales}/messages") { Content = JsonContent.Create(new { to, body = "See you at 3" }) };
        request.Headers.Add("Idempotency-Key", key);
        return await Client().SendAsync(request);
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_another_number_is_refused_and_the_first_text_is_not_repeated()
    {
        var sales = await SalesAsync();

        var first = await SendAsync(sales, "+13125550181", "order-4711");
        var again = await SendAsync(sales, "+13125550181", "order-4711");
        var other = await SendAsync(sales, "+13125550182", "order-4711");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("Idempotency-Key already used", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.IdempotencyKey!.EndsWith(":order-4711"))));
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_key_all_answer_the_one_text()
    {
        var sales = await SalesAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(sales, "+13125550183", "order-4712")));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{a.StatusCode}"));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.IdempotencyKey!.EndsWith(":order-4712"))));
    }

    [Fact]
    public async Task Revoking_a_key_closes_its_open_hub_connection_at_once()
    {
        var keys = factory.Services.GetRequiredService<IApiKeyAdministration>();
        var created = await keys.CreateAsync("Hub reader", false, [await SalesAsync()], "admin@test.portal");
        await using var watcher = await HubWatcher.ConnectWithKeyAsync(factory, created.Key);
        await using var other = await HubWatcher.ConnectWithKeyAsync(factory, IntegrationApiTests.SalesKey);

        await keys.RevokeAsync(created.Id);

        await watcher.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(other.Closed.IsCompleted);
    }

    [Theory]
    [InlineData("/api/v1/messages/not-a-guid", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/departments/{sales}/threads?status=Bogus", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/departments/{sales}/threads?page=lots", HttpStatusCode.BadRequest)]
    public async Task Every_api_answer_from_routing_or_binding_is_problem_details(string path, HttpStatusCode expected)
    {
        var response = await Client().GetAsync(path.Replace("{sales}", (await SalesAsync()).ToString()));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }
}
