using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Integration;
using Portal.Core.Messages;

namespace Portal.Tests.Web.Integration;

public partial class IntegrationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public const string SalesKey = "dcp_test_sales_0123456789abcdef";
    public const string AllKey = "dcp_test_all_0123456789abcdef";
    public const string NoneKey = "dcp_test_none_0123456789abcdef";

    private HttpClient Client(string? key)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private Task<(Guid Sales, Guid Service, Guid Customer)> SalesCustomerAsync() => factory.QueryAsync(async db =>
    {
        var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
        var service = await db.Departments.SingleAsync(d => d.Name == "Service");
        var customer = await db.Threads.Where(t => t.DepartmentId == sales.Id && t.Customer!.Consent != ConsentStatus.OptedOut && t.Customer.Phone != null && t.Customer.Phone.StartsWith("+1"))
            .Select(t => t.CustomerId).FirstAsync();
        return (sales.Id, service.Id, customer);
    });

    [Theory]
    [InlineData(null)]
    [InlineData("dcp_not_a_key")]
    public async Task A_missing_or_unknown_key_gets_401_problem_details(string? key)
    {
        var response = await Client(key).GetAsync("/api/v1/departments");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(401, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData(SalesKey, new[] { "Sales" })]
    [InlineData(AllKey, new[] { "Parts", "Sales", "Service" })]
    [InlineData(NoneKey, new string[0])]
    public async Task A_key_sees_only_its_departments(string key, string[] expected)
    {
        var departments = await Client(key).GetFromJsonAsync<List<ApiDepartmentView>>("/api/v1/departments");

        Assert.Equal(expected, departments!.Select(d => d.Name).Order());
        Assert.All(departments!, d => Assert.Matches(@"^\d\d:\d\d$", d.SendingStart));
        Assert.All(departments!, d => Assert.Contains("STOP", d.OptOutLine));
    }

    [Fact]
    public async Task A_text_is_accepted_once_per_idempotency_key_and_shows_in_the_thread()
    {
        var (sales, _, customer) = await SalesCustomerAsync();
        var client = Client(SalesKey);
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(client, $"/api/v1/departments/{sales}/customers/{customer}/messages", new { body = "Your car is ready for pickup." }, key);
        var again = await PostAsync(client, $"/api/v1/departments/{sales}/customers/{customer}/messages", new { body = "Your car is ready for pickup." }, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var sent = await first.Content.ReadFromJsonAsync<ApiMessageView>();
        Assert.Equal((await again.Content.ReadFromJsonAsync<ApiMessageView>())!.Id, sent!.Id);
        Assert.Equal("Queued", sent.Status);
        Assert.Equal("Api", sent.AuthorType);
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.IdempotencyKey!.EndsWith(key))));

        var messages = await client.GetFromJsonAsync<JsonElement>($"/api/v1/threads/{sent.ThreadId}/messages?pageSize=200");
        Assert.Contains(messages.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == sent.Id);
    }

    [Fact]
    public async Task Another_departments_customer_thread_or_threads_are_403_and_unknown_ones_404()
    {
        var (sales, service, customer) = await SalesCustomerAsync();
        var client = Client(SalesKey);
        var serviceThread = await factory.QueryAsync(db => db.Threads.Where(t => t.DepartmentId == service).Select(t => t.Id).FirstAsync());

        var foreign = await PostAsync(client, $"/api/v1/departments/{service}/customers/{customer}/messages", new { body = "Hi" });
        var foreignThreads = await client.GetAsync($"/api/v1/departments/{service}/threads");
        var foreignMessages = await client.GetAsync($"/api/v1/threads/{serviceThread}/messages");
        var unknown = await PostAsync(client, $"/api/v1/departments/{sales}/customers/{Guid.NewGuid()}/messages", new { body = "Hi" });
        var unknownThread = await client.GetAsync($"/api/v1/threads/{Guid.NewGuid()}/messages");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignThreads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignMessages.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownThread.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("{\"body\":\"x\",\"mediaUrls\":[\"javascript:alert(1)\"]}", "mediaUrls[0]")]
    [InlineData("{\"templateId\":\"0198a5e2-0000-7000-8000-000000000000\"}", "templateId")]
    public async Task Bad_input_is_422_with_the_field_and_writes_nothing(string json, string field)
    {
        var (sales, _, customer) = await SalesCustomerAsync();
        var before = await factory.QueryAsync(db => db.Messages.CountAsync(m => m.AuthorType == AuthorType.Api));

        var response = await Client(SalesKey).PostAsync($"/api/v1/departments/{sales}/customers/{customer}/messages",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name == field), problem.ToString());
        Assert.Equal(before, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.AuthorType == AuthorType.Api)));
    }

    [Fact]
    public async Task A_text_to_a_new_number_creates_the_customer_once()
    {
        var (sales, _, _) = await SalesCustomerAsync();
        var client = Client(AllKey);

        var first = await PostAsync(client, $"/api/v1/departments/{sales}/messages", new { to = "+13125550188", body = "Thanks for visiting!" });
        var second = await PostAsync(client, $"/api/v1/departments/{sales}/messages", new { to = "(312) 555-0188", body = "One more thing." });
        var invalid = await PostAsync(client, $"/api/v1/departments/{sales}/messages", new { to = "12", body = "x" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        var (firstText, secondText) = ((await first.Content.ReadFromJsonAsync<ApiMessageView>())!, (await second.Content.ReadFromJsonAsync<ApiMessageView>())!);
        Assert.Equal(firstText.ThreadId, secondText.ThreadId);
        // The first text to a number that never texted says how to stop; the next, days within, does not say it again.
        Assert.Equal("Thanks for visiting!\nReply STOP to opt out.", firstText.Body);
        Assert.Equal("One more thing.", secondText.Body);
        Assert.Equal(1, await factory.QueryAsync(db => db.Customers.CountAsync(c => c.Phone == "+13125550188")));
    }

    [Fact]
    public async Task Threads_are_listed_by_status_and_paged()
    {
        var (sales, _, _) = await SalesCustomerAsync();

        var page = await Client(SalesKey).GetFromJsonAsync<JsonElement>($"/api/v1/departments/{sales}/threads?status=Open&pageSize=2");
        var badPage = await Client(SalesKey).GetAsync($"/api/v1/departments/{sales}/threads?pageSize=1000");

        Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
        Assert.All(page.GetProperty("items").EnumerateArray(), t => Assert.Equal("Open", t.GetProperty("status").GetString()));
        Assert.True(page.GetProperty("totalCount").GetInt32() >= page.GetProperty("items").GetArrayLength());
        Assert.Equal((HttpStatusCode)422, badPage.StatusCode);
    }

    [Fact]
    public async Task A_key_made_by_an_admin_works_until_it_is_revoked_and_its_use_is_recorded()
    {
        var keys = factory.Services.GetRequiredService<IApiKeyAdministration>();
        var (sales, _, _) = await SalesCustomerAsync();
        var created = await keys.CreateAsync("Test DMS", false, [sales], "admin@test.portal");

        var before = await Client(created.Key).GetAsync("/api/v1/departments");
        var listed = (await keys.ListAsync()).Single(k => k.Id == created.Id);
        await keys.RevokeAsync(created.Id);
        var after = await Client(created.Key).GetAsync("/api/v1/departments");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.NotNull(listed.LastUsedAt);
        Assert.Equal(["Sales"], listed.Departments);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.DoesNotContain(created.Key, await factory.QueryAsync(db => db.ApiKeys.Select(k => k.SecretHash + k.Prefix).ToListAsync()));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoints_and_the_key()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/departments", paths);
        Assert.Contains("/api/v1/departments/{departmentId}/customers/{customerId}/messages", paths);
        Assert.Contains("/api/v1/departments/{departmentId}/messages", paths);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/api/reference")).StatusCode);
    }

    [Fact]
    public async Task The_hub_takes_the_same_keys_and_pushes_only_the_keys_departments()
    {
        var (sales, service, _) = await SalesCustomerAsync();
        var (salesThread, serviceThread) = await factory.QueryAsync(async db => (
            await db.Threads.Where(t => t.DepartmentId == sales).Select(t => t.Id).FirstAsync(),
            await db.Threads.Where(t => t.DepartmentId == service).Select(t => t.Id).FirstAsync()));
        var threads = factory.Services.GetRequiredService<Portal.Core.Threads.IThreadService>();
        var admin = Portal.Core.Security.DepartmentScope.For(Guid.NewGuid(), [Portal.Core.Security.Roles.Admin], []);
        var actor = new Portal.Core.Common.Actor(Guid.Empty, "Ada Admin");
        await using var watcher = await HubWatcher.ConnectWithKeyAsync(factory, SalesKey);

        await threads.AddNoteAsync(admin, serviceThread, "Service only", actor);
        await threads.AddNoteAsync(admin, salesThread, "For sales", actor);

        var pushed = await watcher.NextAsync("MessageAdded");
        Assert.Equal(salesThread, pushed.GetProperty("threadId").GetGuid());
        Assert.Equal("For sales", pushed.GetProperty("body").GetString());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => HubWatcher.ConnectWithKeyAsync(factory, "dcp_not_a_key"));
    }

    [Fact]
    public async Task A_scheduled_text_is_read_with_its_history_moved_and_canceled()
    {
        var (sales, _, customer) = await SalesCustomerAsync();
        var client = Client(SalesKey);
        var at = new DateTimeOffset(factory.Clock.UtcNow.Date.AddDays(2).AddHours(17), TimeSpan.Zero); // 11:00 or noon in Chicago
        var created = await (await PostAsync(client, $"/api/v1/departments/{sales}/customers/{customer}/messages", new { body = "See you Thursday", sendAt = at })).Content.ReadFromJsonAsync<ApiMessageView>();

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{created!.Id}");
        var moved = await client.PatchAsJsonAsync($"/api/v1/messages/{created.Id}", new { sendAt = at.AddHours(1) });
        var otherKey = await Client(NoneKey).GetAsync($"/api/v1/messages/{created.Id}");
        var canceled = await client.DeleteAsync($"/api/v1/messages/{created.Id}");
        var again = await client.DeleteAsync($"/api/v1/messages/{created.Id}");

        Assert.Equal("Scheduled", detail.GetProperty("message").GetProperty("status").GetString());
        Assert.Equal("Scheduled", detail.GetProperty("history")[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(at.AddHours(1).UtcDateTime, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetProperty("sendAt").GetDateTime().ToUniversalTime());
        Assert.Equal(HttpStatusCode.Forbidden, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, canceled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var final = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{created.Id}");
        Assert.Equal("Canceled", final.GetProperty("message").GetProperty("status").GetString());
        Assert.Equal("Canceled", final.GetProperty("history").EnumerateArray().Last().GetProperty("status").GetString());
    }

    [Fact]
    public async Task History_is_imported_per_item_idempotently_and_never_sent()
    {
        var (sales, _, customer) = await SalesCustomerAsync();
        var client = Client(SalesKey);
        var id = Guid.NewGuid().ToString("N");
        var batch = new
        {
            saveMessageRequestList = new object[]
            {
                new { sourceUuid = $"{id}-1", sentOn = "2025-03-28T11:34:43Z", messageAttributes = new { body = "Your RO is ready", type = "OUTGOING", protocol = "TEXT" } },
                new { sourceUuid = $"{id}-2", receivedOn = "2025-03-28T11:40:00Z", messageAttributes = new { body = "Thanks <script>alert(1)</script>", type = "INCOMING", protocol = "TEXT" } },
                new { sourceUuid = $"{id}-3", sentOn = "2025-03-28T12:00:00Z", messageAttributes = new { body = "Called about the warranty", type = "NOTE", protocol = "VOICE_CALL" } },
                new { sourceUuid = $"{id}-4", sentOn = "2025-03-28T12:00:00Z", messageAttributes = new { body = "Draft", type = "DRAFT", protocol = "TEXT" } },
                new { sourceUuid = (string?)null, sentOn = "2025-03-28T12:00:00Z", messageAttributes = new { body = "No id", type = "NOTE" } },
                new { sourceUuid = $"{id}-6", messageAttributes = new { body = "No date", type = "OUTGOING", protocol = "EMAIL" } },
            },
        };

        var first = await client.PutAsJsonAsync($"/api/v1/departments/{sales}/customers/{customer}/communications/historical", batch);
        var again = await client.PutAsJsonAsync($"/api/v1/departments/{sales}/customers/{customer}/communications/historical", batch);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([$"{id}-1", $"{id}-2", $"{id}-3"], result.GetProperty("succesfullySubmittedSourceUuids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([$"{id}-4", "", $"{id}-6"], result.GetProperty("failedSourceUuids").EnumerateArray().Select(e => e.GetString()));
        var codes = result.GetProperty("saveMessageResponse").EnumerateArray().Select(r => r.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("errorCode").GetString()).FirstOrDefault()).ToList();
        Assert.Equal([null, null, null, "UNSUPPORTED_TYPE", "MISSING_SOURCE_UUID", "MISSING_DATE"], codes);
        var repeat = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(repeat.GetProperty("saveMessageResponse").EnumerateArray().Take(3),
            r => Assert.Equal("ALREADY_IMPORTED", r.GetProperty("warnings")[0].GetProperty("warningCode").GetString()));

        var stored = await factory.QueryAsync(db => db.Messages.Where(m => m.IdempotencyKey!.StartsWith("history:" + id)).OrderBy(m => m.OccurredAt).ToListAsync());
        Assert.Equal([MessageStatus.Sent, MessageStatus.Received, MessageStatus.Received], stored.Select(m => m.Status));
        Assert.Equal([MessageDirection.Outbound, MessageDirection.Inbound, MessageDirection.Internal], stored.Select(m => m.Direction));
        Assert.Equal(MessageKind.Note, stored[2].Kind);
        Assert.All(stored, m => Assert.Null(m.JobId));
        Assert.Equal(new DateTime(2025, 3, 28, 11, 34, 43, DateTimeKind.Utc), stored[0].SentAt);
        var jobs = factory.Services.GetRequiredService<Portal.Core.Abstractions.IJobScheduler>();
        Assert.All(stored, m => Assert.False(jobs.IsPending(m.JobId)));
    }

    [Fact]
    public async Task Nulls_in_a_history_batch_fail_their_own_items_and_the_good_one_is_stored()
    {
        var (sales, _, customer) = await SalesCustomerAsync();
        var (good, bad) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var json = $$$"""
            {"saveMessageRequestList": [
              null,
              {"sourceUuid": "{{{good}}}", "sentOn": "2025-03-28T11:34:43Z", "messageAttributes": {"body": "Picked up the car", "type": "NOTE", "protocol": "TEXT"}},
              {"sourceUuid": "{{{bad}}}", "sentOn": "2025-03-28T11:35:43Z", "messageAttributes": {"body": "Photo", "type": "NOTE", "protocol": "TEXT", "attachments": [null]}}
            ]}
            """;

        var response = await Client(SalesKey).PutAsync($"/api/v1/departments/{sales}/customers/{customer}/communications/historical",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, result.GetProperty("saveMessageResponse").GetArrayLength());
        Assert.Equal([good], result.GetProperty("succesfullySubmittedSourceUuids").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(bad, result.GetProperty("failedSourceUuids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.IdempotencyKey == "history:" + good)));
    }
}
