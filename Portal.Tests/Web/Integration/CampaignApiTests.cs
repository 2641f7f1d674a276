using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Messages;

namespace Portal.Tests.Web.Integration;

/// <summary>Campaigns through the integration API: the managers' engine, reached with a key.</summary>
public class CampaignApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Two Sales customers who can be texted and one who opted out.</summary>
    private Task<(Guid Sales, Guid Service, string[] Reachable, string OptedOut)> AudienceAsync() => factory.QueryAsync(async db =>
    {
        var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
        var service = await db.Departments.SingleAsync(d => d.Name == "Service");
        var reachable = await db.Customers
            .Where(c => c.Consent != ConsentStatus.OptedOut && c.Phone != null && c.Phone.StartsWith("+1") && db.Threads.Any(t => t.CustomerId == c.Id && t.DepartmentId == sales.Id))
            .OrderBy(c => c.Phone).Select(c => c.Phone!).Take(2).ToArrayAsync();
        var optedOut = await db.Customers.Where(c => c.Consent == ConsentStatus.OptedOut && c.Phone != null).Select(c => c.Phone!).FirstAsync();
        return (sales.Id, service.Id, reachable, optedOut);
    });

    private static object Draft(string name, string[] phones, string body = "Hi {{ customer.first_name | default: \"there\" }}, our year-end sale starts Friday.") => new
    {
        name,
        variants = new[] { new { body } },
        audience = new { phones, excludeContactedWithinDays = 0, excludeActiveConversationWithinHours = 0 },
    };

    [Fact]
    public async Task A_campaign_is_created_previewed_scheduled_paused_resumed_canceled_and_reported()
    {
        var (sales, _, reachable, optedOut) = await AudienceAsync();
        var client = Client(IntegrationApiTests.SalesKey);

        var created = await client.PostAsJsonAsync($"/api/v1/departments/{sales}/campaigns", Draft("Year-end sale", [.. reachable, optedOut]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaign = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = campaign.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/campaigns/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Draft", campaign.GetProperty("progress").GetProperty("status").GetString());
        Assert.Equal(0, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.CampaignId == id)));

        var preview = await (await client.PostAsync($"/api/v1/campaigns/{id}/preview", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, preview.GetProperty("matched").GetInt32());
        Assert.Equal(2, preview.GetProperty("recipients").GetInt32());
        Assert.Equal(1, preview.GetProperty("excludedByReason").GetProperty("OptedOut").GetInt32());
        var exclusion = Assert.Single(preview.GetProperty("exclusions").EnumerateArray());
        Assert.Equal(optedOut, exclusion.GetProperty("phone").GetString());
        Assert.All(preview.GetProperty("samples").EnumerateArray(), s => Assert.Contains("year-end sale", s.GetProperty("text").GetString()));
        Assert.Equal(0, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.CampaignId == id)));

        var scheduled = await client.PostAsync($"/api/v1/campaigns/{id}/schedule", null);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal(2, (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients").GetInt32());
        Assert.Equal(2, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.CampaignId == id && m.Status == MessageStatus.Scheduled)));

        var again = await client.PostAsync($"/api/v1/campaigns/{id}/schedule", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(2, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.CampaignId == id)));

        Assert.Equal("Paused", await StatusAfterAsync(client.PostAsync($"/api/v1/campaigns/{id}/pause", null)));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/campaigns/{id}/pause", null)).StatusCode);
        Assert.Equal("Running", await StatusAfterAsync(client.PostAsync($"/api/v1/campaigns/{id}/resume", null)));
        Assert.Equal("Canceled", await StatusAfterAsync(client.PostAsync($"/api/v1/campaigns/{id}/cancel", null)));
        Assert.Equal(2, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.CampaignId == id && m.Status == MessageStatus.Canceled)));

        var results = await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/results?pageSize=1");
        Assert.Equal(2, results.GetProperty("progress").GetProperty("canceled").GetInt32());
        Assert.Equal(2, results.GetProperty("recipients").GetProperty("totalCount").GetInt32());
        var recipient = Assert.Single(results.GetProperty("recipients").GetProperty("items").EnumerateArray());
        Assert.Contains(recipient.GetProperty("phone").GetString(), reachable);
        Assert.Equal("A", Assert.Single(results.GetProperty("variants").EnumerateArray()).GetProperty("variant").GetString());

        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/v1/departments/{sales}/campaigns");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id && c.GetProperty("status").GetString() == "Canceled");
    }

    [Fact]
    public async Task A_draft_can_be_changed_until_it_is_scheduled()
    {
        var (sales, _, reachable, _) = await AudienceAsync();
        var client = Client(IntegrationApiTests.SalesKey);
        var id = (await (await client.PostAsJsonAsync($"/api/v1/departments/{sales}/campaigns", Draft("Draft one", reachable))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var changed = await client.PutAsJsonAsync($"/api/v1/campaigns/{id}", new
        {
            name = "Draft two",
            variants = new[] { new { body = "Variant A", percent = 60 }, new { body = "Variant B", percent = 40 } },
            audience = new { phones = reachable, excludeContactedWithinDays = 0, excludeActiveConversationWithinHours = 0 },
            messagesPerMinute = 30,
        });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var campaign = await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
        Assert.Equal("Draft two", campaign.GetProperty("name").GetString());
        Assert.Equal([60, 40], campaign.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("percent").GetInt32()));
        Assert.Equal(30, campaign.GetProperty("messagesPerMinute").GetInt32());

        await client.PostAsync($"/api/v1/campaigns/{id}/schedule", null);
        var late = await client.PutAsJsonAsync($"/api/v1/campaigns/{id}", Draft("Too late", reachable));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("Draft two", await factory.QueryAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task Bad_campaign_fields_get_422_with_camel_case_fields_and_nothing_is_written()
    {
        var (sales, _, _, _) = await AudienceAsync();
        var client = Client(IntegrationApiTests.SalesKey);
        var before = await factory.QueryAsync(db => db.Campaigns.CountAsync());

        var response = await client.PostAsJsonAsync($"/api/v1/departments/{sales}/campaigns", new
        {
            name = "",
            variants = new[] { new { body = "Hi {{ customer.shoe_size }}", percent = 70 }, new { body = "Hello", percent = 70 } },
            audience = new { phones = new[] { "12", "not a number" } },
            startAt = factory.Clock.GetUtcNow().AddDays(-2),
            messagesPerMinute = 0,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "variants[0].body", "variants", "audience.phones", "startAt", "messagesPerMinute" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(before, await factory.QueryAsync(db => db.Campaigns.CountAsync()));
    }

    [Fact]
    public async Task Shares_at_the_ends_of_the_integer_range_are_a_field_error_not_an_overflow()
    {
        var (sales, _, reachable, _) = await AudienceAsync();

        var response = await Client(IntegrationApiTests.SalesKey).PostAsJsonAsync($"/api/v1/departments/{sales}/campaigns", new
        {
            name = "Overflow",
            variants = new[] { new { body = "A", percent = int.MinValue }, new { body = "B", percent = int.MinValue } },
            audience = new { phones = reachable },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("variants", out _));
    }

    [Fact]
    public async Task An_audience_nobody_can_get_cannot_be_scheduled()
    {
        var (sales, _, _, optedOut) = await AudienceAsync();
        var client = Client(IntegrationApiTests.SalesKey);
        var id = (await (await client.PostAsJsonAsync($"/api/v1/departments/{sales}/campaigns", Draft("Only opted out", [optedOut]))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var response = await client.PostAsync($"/api/v1/campaigns/{id}/schedule", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("audience", out _));
        Assert.Equal(CampaignStatus.Draft, await factory.QueryAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Another_departments_campaigns_are_403_and_unknown_ones_404()
    {
        var (_, service, reachable, _) = await AudienceAsync();
        var all = Client(IntegrationApiTests.AllKey);
        var salesOnly = Client(IntegrationApiTests.SalesKey);
        var serviceCampaign = (await (await all.PostAsJsonAsync($"/api/v1/departments/{service}/campaigns", Draft("Service reminder", reachable))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var create = await salesOnly.PostAsJsonAsync($"/api/v1/departments/{service}/campaigns", Draft("Not mine", reachable));
        var list = await salesOnly.GetAsync($"/api/v1/departments/{service}/campaigns");
        var read = await salesOnly.GetAsync($"/api/v1/campaigns/{serviceCampaign}");
        var schedule = await salesOnly.PostAsync($"/api/v1/campaigns/{serviceCampaign}/schedule", null);
        var cancel = await salesOnly.PostAsync($"/api/v1/campaigns/{serviceCampaign}/cancel", null);
        var unknown = await salesOnly.GetAsync($"/api/v1/campaigns/{Guid.NewGuid()}/results");

        Assert.All(new[] { create, list, read, schedule, cancel }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(CampaignStatus.Draft, await factory.QueryAsync(db => db.Campaigns.Where(c => c.Id == serviceCampaign).Select(c => c.Status).SingleAsync()));
        Assert.False(await factory.QueryAsync(db => db.Campaigns.AnyAsync(c => c.Name == "Not mine")));
    }

    [Fact]
    public async Task The_client_generated_from_the_OpenAPI_document_runs_a_campaign()
    {
        var (sales, _, reachable, optedOut) = await AudienceAsync();
        var http = Client(IntegrationApiTests.SalesKey);
        var api = new Portal.Tests.Generated.PortalApiClient(http.BaseAddress!.ToString(), http);

        var created = await api.CreateCampaignAsync(sales, new Portal.Tests.Generated.ApiCampaignInput
        {
            Name = "Generated client campaign",
            Variants = [new Portal.Tests.Generated.ApiCampaignVariant { Body = "Service special this week" }],
            Audience = new Portal.Tests.Generated.ApiCampaignAudience { Phones = [.. reachable, optedOut], ExcludeContactedWithinDays = 0, ExcludeActiveConversationWithinHours = 0 },
        });
        var preview = await api.PreviewCampaignAsync(created.Id);
        var scheduled = await api.ScheduleCampaignAsync(created.Id);
        var results = await api.GetCampaignResultsAsync(created.Id, 1, 50);

        Assert.Equal("Draft", created.Progress.Status);
        Assert.Equal(2, preview.Recipients);
        Assert.Equal("OptedOut", Assert.Single(preview.Exclusions).Reason);
        Assert.Equal("Scheduled", scheduled.Status);
        Assert.Equal(2, results.Recipients.TotalCount);
        Assert.All(results.Recipients.Items, r => Assert.Equal("Scheduled", r.Status));
    }

    private static async Task<string?> StatusAfterAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }
}
