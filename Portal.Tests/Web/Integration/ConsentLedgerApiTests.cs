using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Messages;

namespace Portal.Tests.Web.Integration;

/// <summary>Each way a number's STOP used to be lost, through the real API and the real inbound use case.</summary>
public class ConsentLedgerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private Task<(Guid Department, Guid Account, string To)> DepartmentAsync(string name) => factory.QueryAsync(async db =>
    {
        var department = await db.Departments.SingleAsync(d => d.Name == name);
        var account = await db.ProviderAccounts.Where(a => a.DepartmentId == department.Id).OrderBy(a => a.Name).FirstAsync();
        return (department.Id, account.Id, account.FromNumber ?? "+13125550000");
    });

    private async Task<Guid> TextInAsync(string department, string from, string body, DateTime at)
    {
        var (_, account, to) = await DepartmentAsync(department);
        await factory.Services.GetRequiredService<IInboundMessageService>()
            .ReceiveAsync(new InboundText(account, $"SM-{Guid.NewGuid():N}", from, to, body, [], at));
        return await factory.QueryAsync(db => db.Threads.Where(t => t.Customer!.Phone == from).OrderByDescending(t => t.LastActivityAt).Select(t => t.CustomerId).FirstAsync());
    }

    private Task<HttpResponseMessage> SendToNumberAsync(string key, Guid department, string to) =>
        Client(key).PostAsJsonAsync($"/api/v1/departments/{department}/messages", new { to, body = "Your car is ready" });

    [Fact]
    public async Task A_stop_survives_the_customers_number_being_edited_or_cleared_through_the_api()
    {
        const string stopped = "+13125550161";
        var (sales, _, _) = await DepartmentAsync("Sales");
        var customerId = await TextInAsync("Sales", stopped, "STOP", factory.Clock.UtcNow);

        var moved = await Client(IntegrationApiTests.SalesKey).PutAsJsonAsync($"/api/v1/customers/{customerId}", new { firstName = "Moved", phone = "+13125550162" });
        var cleared = await Client(IntegrationApiTests.SalesKey).PutAsJsonAsync($"/api/v1/customers/{customerId}", new { firstName = "Moved", phone = "" });
        var send = await SendToNumberAsync(IntegrationApiTests.SalesKey, sales, stopped);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal("The customer has opted out", (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_key_of_another_department_can_neither_make_a_second_record_of_a_stopped_number_nor_undo_its_stop()
    {
        const string stopped = "+13125550163";
        var (service, _, _) = await DepartmentAsync("Service");
        var serviceCustomer = await TextInAsync("Service", stopped, "stop", factory.Clock.UtcNow);

        var created = await Client(IntegrationApiTests.SalesKey).PostAsJsonAsync("/api/v1/customers", new { firstName = "Second", phone = stopped });
        var salesOptIn = await Client(IntegrationApiTests.SalesKey).PostAsJsonAsync($"/api/v1/customers/{serviceCustomer}/consent", new { status = "OptedIn", reason = "Ticked the box on our site" });
        var groupOptIn = await Client(IntegrationApiTests.AllKey).PostAsJsonAsync($"/api/v1/customers/{serviceCustomer}/consent", new { status = "OptedIn", reason = "Ticked the box on our site" });
        var send = await SendToNumberAsync(IntegrationApiTests.AllKey, service, stopped);

        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
        Assert.Equal(serviceCustomer, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customerId").GetGuid());
        Assert.Equal(HttpStatusCode.Forbidden, salesOptIn.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, groupOptIn.StatusCode);
        Assert.Contains("Only the customer can opt back in", (await groupOptIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal(1, await factory.QueryAsync(db => db.Customers.CountAsync(c => c.Phone == stopped)));
        Assert.Equal(ConsentStatus.OptedOut, await factory.QueryAsync(db => db.Customers.Where(c => c.Id == serviceCustomer).Select(c => c.Consent).SingleAsync()));
    }

    [Fact]
    public async Task Creating_a_customer_with_a_number_on_file_answers_that_customer_or_409_with_its_id_when_fields_differ()
    {
        var first = await Client(IntegrationApiTests.SalesKey).PostAsJsonAsync("/api/v1/customers", new { firstName = "Nina", lastName = "Hyatt", phone = "(312) 555-0165" });
        var same = await Client(IntegrationApiTests.SalesKey).PostAsJsonAsync("/api/v1/customers", new { firstName = "nina", phone = "+13125550165" });
        var other = await Client(IntegrationApiTests.SalesKey).PostAsJsonAsync("/api/v1/customers", new { firstName = "Nora", phone = "312-555-0165" });

        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(id, (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, problem.GetProperty("customerId").GetGuid());
        Assert.Contains("firstName", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Texting_another_departments_customer_opens_this_departments_conversation_without_their_record()
    {
        const string number = "+13125550167";
        var (sales, _, _) = await DepartmentAsync("Sales");
        var serviceCustomer = await TextInAsync("Service", number, "Is my truck ready?", factory.Clock.UtcNow);
        var filled = await Client(IntegrationApiTests.AllKey).PutAsJsonAsync($"/api/v1/customers/{serviceCustomer}",
            new { firstName = "Vera", lastName = "Lang", phone = number, email = "vera@example.com", dmsCustomerId = "SRV-9", vehicleOfInterest = "F-150", tags = new[] { "Fleet" } });

        var sent = await SendToNumberAsync(IntegrationApiTests.SalesKey, sales, number);
        var read = await Client(IntegrationApiTests.SalesKey).GetFromJsonAsync<JsonElement>($"/api/v1/customers/{serviceCustomer}");
        var found = await Client(IntegrationApiTests.SalesKey).GetFromJsonAsync<JsonElement>($"/api/v1/customers?phone={Uri.EscapeDataString(number)}");
        var edit = await Client(IntegrationApiTests.SalesKey).PutAsJsonAsync($"/api/v1/customers/{serviceCustomer}", new { firstName = "Mine", phone = number });

        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(("Vera", "Lang"), (read.GetProperty("firstName").GetString(), read.GetProperty("lastName").GetString()));
        foreach (var hidden in new[] { "email", "dmsCustomerId", "vehicleOfInterest" })
        {
            Assert.Equal(JsonValueKind.Null, read.GetProperty(hidden).ValueKind);
            Assert.Equal(JsonValueKind.Null, found.GetProperty("items")[0].GetProperty(hidden).ValueKind);
        }

        Assert.Equal(0, read.GetProperty("tags").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal("Vera", await factory.QueryAsync(db => db.Customers.Where(c => c.Id == serviceCustomer).Select(c => c.FirstName).SingleAsync()));
    }

    [Fact]
    public async Task Concurrent_first_texts_to_a_new_number_make_one_customer_and_one_conversation_and_no_error()
    {
        const string number = "+13125550166";
        var (sales, _, _) = await DepartmentAsync("Sales");

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => SendToNumberAsync(IntegrationApiTests.SalesKey, sales, number)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal(1, await factory.QueryAsync(db => db.Customers.CountAsync(c => c.Phone == number)));
        Assert.Equal(1, await factory.QueryAsync(db => db.Threads.CountAsync(t => t.Customer!.Phone == number)));
        Assert.Equal(16, await factory.QueryAsync(db => db.Messages.CountAsync(m => m.Direction == MessageDirection.Outbound && db.Threads.Any(t => t.Id == m.ThreadId && t.Customer!.Phone == number))));
    }

    [Fact]
    public async Task A_start_sent_before_the_stop_but_arriving_after_it_leaves_the_number_opted_out()
    {
        const string number = "+13125550164";
        var (sales, _, _) = await DepartmentAsync("Sales");
        var t = factory.Clock.UtcNow;
        var customerId = await TextInAsync("Sales", number, "STOP", t);

        await TextInAsync("Sales", number, "START", t.AddSeconds(-60));
        var send = await SendToNumberAsync(IntegrationApiTests.SalesKey, sales, number);
        var customer = await Client(IntegrationApiTests.SalesKey).GetFromJsonAsync<JsonElement>($"/api/v1/customers/{customerId}");

        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
        Assert.Equal("OptedOut", customer.GetProperty("consent").GetProperty("status").GetString());
        Assert.Equal(2, await factory.QueryAsync(db => db.ConsentEntries.CountAsync(e => e.Number == number)));
    }
}
