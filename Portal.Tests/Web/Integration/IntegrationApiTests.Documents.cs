using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Web.Integration;

public partial class IntegrationApiTests
{
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

    private sealed record ApiDepartmentView(Guid Id, string Name, string TimeZone, string SendingStart, string SendingEnd, List<string> StricterHours, List<string> Holidays, string OptOutLine);

    private sealed record ApiMessageView(Guid Id, Guid ThreadId, string Status, string AuthorType, string? Body = null);
}
