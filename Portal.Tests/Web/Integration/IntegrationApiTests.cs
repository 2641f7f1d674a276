using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

public class IntegrationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
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
        Assert.Equal((await first.Content.ReadFromJsonAsync<ApiMessageView>())!.ThreadId, (await second.Content.ReadFromJsonAsync<ApiMessageView>())!.ThreadId);
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

    [Fact]
    public async Task History_for_another_departments_customer_is_403_and_an_empty_batch_422()
    {
        var (sales, service, customer) = await SalesCustomerAsync();
        var batch = new { saveMessageRequestList = new[] { new { sourceUuid = Guid.NewGuid().ToString(), sentOn = "2025-03-28T11:34:43Z", messageAttributes = new { body = "x", type = "NOTE" } } } };

        var foreign = await Client(SalesKey).PutAsJsonAsync($"/api/v1/departments/{service}/customers/{customer}/communications/historical", batch);
        var empty = await Client(SalesKey).PutAsJsonAsync($"/api/v1/departments/{sales}/customers/{customer}/communications/historical", new { saveMessageRequestList = Array.Empty<object>() });
        var unknown = await Client(SalesKey).PutAsJsonAsync($"/api/v1/departments/{sales}/customers/{Guid.NewGuid()}/communications/historical", batch);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal((HttpStatusCode)422, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Customers_are_created_found_read_with_consent_and_updated_within_the_keys_reach()
    {
        var client = Client(SalesKey);
        var dms = $"DMS-{Guid.NewGuid():N}"[..20];

        var created = await client.PostAsJsonAsync("/api/v1/customers", new { firstName = "Dana", lastName = "Lee", phone = "(312) 555-0177", dmsCustomerId = dms, tags = new[] { "VIP" } });
        var invalid = await client.PostAsJsonAsync("/api/v1/customers", new { firstName = "", phone = "12", email = "nope" });
        var customer = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = customer.GetProperty("id").GetGuid();
        var byDms = await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers?dmsId={dms}");
        var updated = await client.PutAsJsonAsync($"/api/v1/customers/{id}", new { firstName = "Dana", lastName = "Lee-Park", phone = "+13125550177", dmsCustomerId = dms, vehicleOfInterest = "2025 RAV4" });
        var serviceOnly = await factory.QueryAsync(db => db.Threads.GroupBy(t => t.CustomerId).Where(g => g.All(t => t.Department!.Name == "Service")).Select(g => g.Key).FirstAsync());
        var foreign = await client.GetAsync($"/api/v1/customers/{serviceOnly}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("+13125550177", customer.GetProperty("phone").GetString());
        Assert.Equal("Unknown", customer.GetProperty("consent").GetProperty("status").GetString());
        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        var fields = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("firstName", fields);
        Assert.Contains("email", fields);
        Assert.Equal(id, byDms.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("Lee-Park", "2025 RAV4"), ((await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastName").GetString(),
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{id}")).GetProperty("vehicleOfInterest").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task Consent_is_recorded_only_with_a_reason_and_an_opt_out_stops_texts_to_the_number()
    {
        var (sales, _, _) = await SalesCustomerAsync();
        var client = Client(SalesKey);
        var created = await (await client.PostAsJsonAsync("/api/v1/customers", new { firstName = "Opal", phone = "+13125550166" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var noReason = await client.PostAsJsonAsync($"/api/v1/customers/{id}/consent", new { status = "OptedIn" });
        var badStatus = await client.PostAsJsonAsync($"/api/v1/customers/{id}/consent", new { status = "Maybe", reason = "asked" });
        var optedIn = await client.PostAsJsonAsync($"/api/v1/customers/{id}/consent", new { status = "OptedIn", reason = "Signed the sales consent form" });
        var optedOut = await client.PostAsJsonAsync($"/api/v1/customers/{id}/consent", new { status = "OptedOut", reason = "Asked by phone not to be texted" });
        var send = await PostAsync(client, $"/api/v1/departments/{sales}/customers/{id}/messages", new { body = "Hello" });

        Assert.Equal((HttpStatusCode)422, noReason.StatusCode);
        Assert.Equal((HttpStatusCode)422, badStatus.StatusCode);
        var consent = (await optedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consent");
        Assert.Equal("OptedIn", consent.GetProperty("status").GetString());
        Assert.Contains("Signed the sales consent form", consent.GetProperty("source").GetString());
        Assert.Equal("OptedOut", (await optedOut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consent").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal(0, await factory.QueryAsync(db => db.Threads.CountAsync(t => t.CustomerId == id)));
    }

    /// <summary>
    /// The committed document (docs/openapi/v1.json) is what the tests' client is generated from at build time (NSwag),
    /// so it must be what the app serves. After changing the API: <c>UPDATE_OPENAPI=1 dotnet test --filter OpenAPI_document_in_the_repository</c>.
    /// </summary>
    [Fact]
    public async Task The_OpenAPI_document_in_the_repository_is_the_one_served()
    {
        var served = JsonSerializer.Serialize(await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json"), new JsonSerializerOptions { WriteIndented = true });
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served + "\n");
        }

        Assert.Equal(served.ReplaceLineEndings(), (await File.ReadAllTextAsync(path)).TrimEnd().ReplaceLineEndings());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test output.");
    }

    [Fact]
    public async Task A_client_generated_from_the_document_round_trips_the_main_calls()
    {
        var (sales, service, customer) = await SalesCustomerAsync();
        var http = Client(SalesKey);
        var api = new Portal.Tests.Generated.PortalApiClient(http.BaseAddress!.ToString(), http);

        var departments = await api.ListDepartmentsAsync();
        var sent = await api.SendMessageToCustomerAsync(sales, customer, Guid.NewGuid().ToString(), new Portal.Tests.Generated.ApiSendMessage { Body = "Generated client says hi" });
        var read = await api.GetMessageAsync(sent.Id);
        var page = await api.ListThreadMessagesAsync(sent.ThreadId, null, null);
        var threads = await api.ListThreadsAsync(sales, Portal.Tests.Generated.ThreadStatus.Open, null, 1, 200);
        var found = await api.FindCustomersAsync(null, null, null, CancellationToken.None).ContinueWith(t => t.Exception?.InnerException);
        var forbidden = await Assert.ThrowsAsync<Portal.Tests.Generated.ApiException<Portal.Tests.Generated.ProblemDetails>>(
            () => api.SendMessageToCustomerAsync(service, customer, null, new Portal.Tests.Generated.ApiSendMessage { Body = "x" }));

        Assert.Equal(["Sales"], departments.Select(d => d.Name));
        Assert.Equal("Queued", sent.Status);
        Assert.Equal(sent.Id, read.Message.Id);
        Assert.Contains(page.Items, m => m.Id == sent.Id);
        Assert.All(threads.Items, t => Assert.Equal("Open", t.Status));
        Assert.Equal(422, Assert.IsAssignableFrom<Portal.Tests.Generated.ApiException>(found).StatusCode);
        Assert.Equal(403, forbidden.StatusCode);
        Assert.Equal(403, forbidden.Result.Status);
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "malformed JSON", "application/json", "{\"body\": \"unterminated" },
        { "not JSON at all", "application/json", "<xml>hello</xml>" },
        { "wrong content type", "text/plain", "{\"body\":\"hi\"}" },
        { "form post", "application/x-www-form-urlencoded", "body=hi" },
        { "a number for the body", "application/json", "{\"body\": 42}" },
        { "an array", "application/json", "[1,2,3]" },
        { "a null document", "application/json", "null" },
        { "a date that is not one", "application/json", "{\"body\":\"hi\",\"sendAt\":\"next tuesday\"}" },
        { "a send time in the past", "application/json", "{\"body\":\"hi\",\"sendAt\":\"2001-01-01T00:00:00Z\"}" },
        { "a send time a year ahead", "application/json", "{\"body\":\"hi\",\"sendAt\":\"2099-01-01T00:00:00Z\"}" },
        { "a template id that is not a guid", "application/json", "{\"templateId\":\"abc\"}" },
        { "media that is not a URL", "application/json", "{\"body\":\"hi\",\"mediaUrls\":[\"file:///etc/passwd\"]}" },
        { "a body over 1,600 characters", "application/json", "{\"body\":\"" + new string('x', 1601) + "\"}" },
        { "a 2 MB body", "application/json", "{\"body\":\"" + new string('y', 2_000_000) + "\"}" },
        { "only whitespace", "application/json", "{\"body\":\"   \\n\\t  \"}" },
        { "unpaired surrogate", "application/json", "{\"body\":\"\\ud800\"}" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_to_the_send_endpoint_gets_a_4xx_never_a_500_and_writes_nothing(string what, string contentType, string content)
    {
        var (sales, _, customer) = await SalesCustomerAsync();
        var before = await factory.QueryAsync(async db => (await db.Messages.CountAsync(), await db.Threads.CountAsync()));

        var response = await Client(SalesKey).PostAsync($"/api/v1/departments/{sales}/customers/{customer}/messages", new StringContent(content, System.Text.Encoding.UTF8, contentType));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await factory.QueryAsync(async db => (await db.Messages.CountAsync(), await db.Threads.CountAsync())));
    }

    [Fact]
    public async Task A_text_to_a_new_number_refused_for_its_template_creates_no_customer()
    {
        var (sales, _, _) = await SalesCustomerAsync();
        var before = await factory.QueryAsync(db => db.Customers.CountAsync());

        var response = await PostAsync(Client(SalesKey), $"/api/v1/departments/{sales}/messages", new { to = "+13125550142", body = "Hi", templateId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, await factory.QueryAsync(db => db.Customers.CountAsync()));
    }

    [Theory]
    [InlineData("POST", "/api/v1/departments/{0}/messages", "{\"to\":\"+13125550143\",\"body\":\"Hi\"}")]
    [InlineData("POST", "/api/v1/departments/{0}/customers/{1}/messages", "{\"body\":\"Hi\"}")]
    [InlineData("GET", "/api/v1/departments/{0}/threads", null)]
    [InlineData("GET", "/api/v1/departments/{0}/campaigns", null)]
    [InlineData("POST", "/api/v1/departments/{0}/campaigns", "{\"name\":\"x\",\"variants\":[{\"body\":\"Hi\"}]}")]
    public async Task A_department_that_does_not_exist_is_404_even_for_a_key_for_every_department_and_nothing_is_written(string method, string template, string? body)
    {
        var (_, _, customer) = await SalesCustomerAsync();
        var before = await factory.QueryAsync(async db => (await db.Customers.CountAsync(), await db.Threads.CountAsync(), await db.Campaigns.CountAsync()));
        var request = new HttpRequestMessage(new HttpMethod(method), string.Format(template, Guid.NewGuid(), customer));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await Client(AllKey).SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await factory.QueryAsync(async db => (await db.Customers.CountAsync(), await db.Threads.CountAsync(), await db.Campaigns.CountAsync())));
    }

    public static TheoryData<string, string, string> BadWrites => new()
    {
        { "PUT", "history", "{\"saveMessageRequestList\": \"not a list\"}" },
        { "PUT", "history", "{\"saveMessageRequestList\": [{\"sourceUuid\": 7}]}" },
        { "PUT", "history", "{\"saveMessageRequestList\": [{\"sentOn\": \"yesterday\"}]}" },
        { "PUT", "history", "[]" },
        { "PUT", "history", "{\"saveMessageRequestList\": null}" },
        { "POST", "customers", "{\"firstName\": \"<script>alert(1)</script>\", \"phone\": \"not a phone\"}" },
        { "POST", "customers", "{\"firstName\": \"" + new string('a', 101) + "\"}" },
        { "POST", "customers", "{\"firstName\": \"Ana\", \"tags\": \"VIP\"}" },
        { "POST", "customers", "{oops" },
        { "POST", "consent", "{\"status\": \"OptedIn\", \"reason\": \"\"}" },
        { "POST", "consent", "{\"status\": 1, \"reason\": \"signed\"}" },
        { "PATCH", "message", "{\"sendAt\": \"soon\"}" },
        { "PATCH", "message", "{}" },
    };

    [Theory]
    [MemberData(nameof(BadWrites))]
    public async Task Bad_input_to_the_other_writing_endpoints_gets_a_4xx_never_a_500_and_writes_nothing(string method, string target, string json)
    {
        var (sales, _, customer) = await SalesCustomerAsync();
        var url = target switch
        {
            "history" => $"/api/v1/departments/{sales}/customers/{customer}/communications/historical",
            "customers" => "/api/v1/customers",
            "consent" => $"/api/v1/customers/{customer}/consent",
            _ => $"/api/v1/messages/{await factory.QueryAsync(db => db.Messages.Join(db.Threads.Where(t => t.DepartmentId == sales), m => m.ThreadId, t => t.Id, (m, t) => m.Id).FirstAsync())}",
        };
        var before = await factory.QueryAsync(async db => (await db.Messages.CountAsync(), await db.Customers.CountAsync(), await db.Threads.CountAsync()));

        var response = await Client(SalesKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") });

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {target} {json}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await factory.QueryAsync(async db => (await db.Messages.CountAsync(), await db.Customers.CountAsync(), await db.Threads.CountAsync())));
    }

    [Theory]
    [InlineData("/api/v1/departments/not-a-guid/threads")]
    [InlineData("/api/v1/departments/00000000-0000-0000-0000-000000000000/threads?status=Sideways")]
    [InlineData("/api/v1/departments/00000000-0000-0000-0000-000000000000/threads?page=0")]
    [InlineData("/api/v1/departments/00000000-0000-0000-0000-000000000000/threads?updatedSince=yesterday")]
    [InlineData("/api/v1/customers?phone=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/api/v1/customers?email=%F0%9F%9A%97%E2%80%8B")]
    [InlineData("/api/v1/threads/00000000-0000-0000-0000-000000000000/messages?pageSize=-1")]
    public async Task Bad_queries_get_a_4xx_or_an_empty_answer_never_a_500(string url)
    {
        var response = await Client(AllKey).GetAsync(url);

        Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    private sealed record ApiDepartmentView(Guid Id, string Name, string TimeZone, string SendingStart, string SendingEnd);

    private sealed record ApiMessageView(Guid Id, Guid ThreadId, string Status, string AuthorType);
}
