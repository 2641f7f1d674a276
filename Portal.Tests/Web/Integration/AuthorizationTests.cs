using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Threads;

namespace Portal.Tests.Web.Integration;

public class AuthorizationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string ServiceStaff = "staff.service@demo.portal";

    [Theory]
    [InlineData("/")]
    [InlineData("/inbox")]
    [InlineData("/customers")]
    [InlineData("/admin/users")]
    [InlineData("/admin/event-webhooks")]
    [InlineData("/threads/0198a5e2-0000-7000-8000-000000000000")]
    public async Task Anonymous_users_are_sent_to_login(string path)
    {
        var client = factory.CreateBrowserLikeClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_health_endpoint_reports_ready_once_migrations_are_applied()
    {
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_user_gets_403_on_a_sales_thread_and_the_admin_gets_it()
    {
        var salesThread = await ThreadOfDepartmentAsync("Sales");
        var staff = await factory.SignedInClientAsync(ServiceStaff, PortalFactory.DemoPassword);
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var forbidden = await staff.GetAsync($"/threads/{salesThread.Id}");
        var allowed = await admin.GetAsync($"/threads/{salesThread.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var body = await forbidden.Content.ReadAsStringAsync();
        Assert.Contains("You don&#x27;t have access to this", body);
        Assert.DoesNotContain(salesThread.LastMessagePreview, body);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains($"data-thread-id=\"{salesThread.Id}\"", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_user_sees_their_own_threads()
    {
        var serviceThread = await ThreadOfDepartmentAsync("Service");
        var staff = await factory.SignedInClientAsync(ServiceStaff, PortalFactory.DemoPassword);

        var response = await staff.GetAsync($"/threads/{serviceThread.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_thread_is_not_found()
    {
        var staff = await factory.SignedInClientAsync(ServiceStaff, PortalFactory.DemoPassword);

        var response = await staff.GetAsync($"/threads/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not-found-title", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_user_never_sees_sales_threads_in_the_inbox_or_in_search()
    {
        var (salesOnly, salesThreads) = await factory.QueryAsync(async db =>
        {
            var sales = await db.Departments.SingleAsync(d => d.Name == "Sales");
            var customer = await db.Customers
                .Where(c => db.Threads.Any(t => t.CustomerId == c.Id && t.DepartmentId == sales.Id)
                    && !db.Threads.Any(t => t.CustomerId == c.Id && t.DepartmentId != sales.Id))
                .FirstAsync();
            var ids = await db.Threads.Where(t => t.DepartmentId == sales.Id).Select(t => t.Id).ToListAsync();
            return (customer, ids);
        });
        var staff = await factory.SignedInClientAsync(ServiceStaff, PortalFactory.DemoPassword);

        var inbox = await staff.GetStringAsync("/inbox?q=");
        var allStatuses = await staff.GetStringAsync("/inbox");
        var search = await staff.GetStringAsync($"/inbox?q={Uri.EscapeDataString(salesOnly.LastName)}");
        var customers = await staff.GetStringAsync($"/customers?q={Uri.EscapeDataString(salesOnly.LastName)}");

        Assert.Contains("data-thread-id", inbox);
        foreach (var id in salesThreads)
        {
            Assert.DoesNotContain(id.ToString(), inbox);
            Assert.DoesNotContain(id.ToString(), allStatuses);
            Assert.DoesNotContain(id.ToString(), search);
        }

        Assert.DoesNotContain(salesOnly.Id.ToString(), customers);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/customers/{salesOnly.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_same_search_finds_the_customer_for_a_sales_user()
    {
        var salesCustomer = await factory.QueryAsync(db =>
            db.Customers.FirstAsync(c => db.Threads.Any(t => t.CustomerId == c.Id && t.Department!.Name == "Sales" && t.Status == ThreadStatus.Open)));
        var staff = await factory.SignedInClientAsync("staff.sales@demo.portal", PortalFactory.DemoPassword);

        var search = await staff.GetStringAsync($"/inbox?q={Uri.EscapeDataString(salesCustomer.FirstName + " " + salesCustomer.LastName)}");

        Assert.Contains(System.Net.WebUtility.HtmlEncode(salesCustomer.FirstName + " " + salesCustomer.LastName), search);
    }

    [Fact]
    public async Task The_hangfire_dashboard_is_for_admins_only()
    {
        var staff = await factory.SignedInClientAsync(ServiceStaff, PortalFactory.DemoPassword);
        var manager = await factory.SignedInClientAsync("manager.sales@demo.portal", PortalFactory.DemoPassword);
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var anonymous = factory.CreateBrowserLikeClient();

        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync("/hangfire")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await manager.GetAsync("/hangfire")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/hangfire")).StatusCode);
        var adminResponse = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
        Assert.Contains("Portal jobs", await adminResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_pages_are_refused_to_staff()
    {
        var staff = await factory.SignedInClientAsync(ServiceStaff, PortalFactory.DemoPassword);
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var refused = await staff.GetAsync("/admin/users");
        var allowed = await admin.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("staff.service@demo.portal", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_event_webhooks_page_is_for_admins_only()
    {
        var staff = await factory.SignedInClientAsync(ServiceStaff, PortalFactory.DemoPassword);
        var admin = await factory.SignedInClientAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        var refused = await staff.GetAsync("/admin/event-webhooks");
        var allowed = await admin.GetAsync("/admin/event-webhooks");

        Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("Event webhooks", await allowed.Content.ReadAsStringAsync());
    }

    private Task<ConversationThread> ThreadOfDepartmentAsync(string department) =>
        factory.QueryAsync(db => db.Threads.AsNoTracking().FirstAsync(t => t.Department!.Name == department && t.LastMessagePreview != ""));
}
