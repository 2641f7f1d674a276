using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Infrastructure.Customers;

namespace Portal.Tests.Infrastructure;

public class CustomerServiceTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private CustomerService customers = default!;
    private Actor sam = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        customers = new CustomerService(f.Database, new PhoneNumberNormalizer("US"), Support.TestProviders.Catalog, new Portal.Infrastructure.Realtime.InProcessConversationNotifier(Microsoft.Extensions.Logging.Abstractions.NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), TimeProvider.System);
        sam = new Actor(f.SalesRep.Id, f.SalesRep.DisplayName);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task An_invalid_phone_is_a_field_error_and_nothing_is_saved()
    {
        await using var before = f.Database.CreateDbContext();
        var count = await before.Customers.CountAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            customers.CreateAsync(f.SalesScope, new CustomerInput { FirstName = "Dan", Phone = "12345", OpenThreadInDepartmentId = f.Sales.Id }, sam));

        Assert.Contains(nameof(CustomerInput.Phone), error.Errors.Keys);
        await using var after = f.Database.CreateDbContext();
        Assert.Equal(count, await after.Customers.CountAsync());
        Assert.Equal(4, await after.Threads.CountAsync());
    }

    [Fact]
    public async Task Ids_in_other_systems_are_kept_per_module_and_an_unknown_or_too_long_one_is_a_field_error()
    {
        var dms = DmsModule.Kind.Name;
        var id = await customers.CreateAsync(f.SalesScope, new CustomerInput
        {
            FirstName = "Dana", Phone = "(312) 555-0188", ExternalIds = { [dms] = " D-77 ", [DrivlyModule.Kind.Name] = "4711" },
        }, sam);

        var unknown = await Assert.ThrowsAsync<ValidationException>(() => customers.UpdateAsync(f.SalesScope, id, new CustomerInput
        {
            FirstName = "Dana", Phone = "(312) 555-0188", ExternalIds = { ["Books"] = "B-1" },
        }));
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => customers.UpdateAsync(f.SalesScope, id, new CustomerInput
        {
            FirstName = "Dana", Phone = "(312) 555-0188", ExternalIds = { [dms] = new string('9', CustomerExternalId.MaxLength + 1) },
        }));
        await customers.UpdateAsync(f.SalesScope, id, new CustomerInput { FirstName = "Dana", Phone = "(312) 555-0188", ExternalIds = { [dms] = "" } });

        Assert.Contains("ExternalIds.Books", unknown.Errors.Keys);
        Assert.Equal("DMS customer id can be at most 100 characters.", Assert.Single(tooLong.Errors[$"ExternalIds.{dms}"]));
        await using var db = f.Database.CreateDbContext();
        var stored = await db.Customers.SingleAsync(c => c.Id == id);
        Assert.Equal([(DrivlyModule.Kind.Name, "4711")], stored.ExternalIds.Select(e => (e.Module, e.Value)));
        Assert.Single(await db.Customers.Where(c => c.ExternalIds.Any(e => e.Value == "4711")).ToListAsync());
    }

    [Fact]
    public async Task A_new_customer_is_stored_in_E164_with_a_thread_in_the_chosen_department()
    {
        var id = await customers.CreateAsync(f.SalesScope, new CustomerInput
        {
            FirstName = " Dan ", LastName = "Park", Phone = "(312) 555-0199", VehicleOfInterest = "2025 RAV4", Budget = 30000, Tags = "VIP, vip, Fleet",
            OpenThreadInDepartmentId = f.Sales.Id,
        }, sam);

        await using var db = f.Database.CreateDbContext();
        var stored = await db.Customers.SingleAsync(c => c.Id == id);
        Assert.Equal("+13125550199", stored.Phone);
        Assert.Equal("Dan", stored.FirstName);
        Assert.Equal(["VIP", "Fleet"], stored.Tags);
        Assert.Equal("2025 RAV4", stored.Lead.VehicleOfInterest);
        var thread = await db.Threads.SingleAsync(t => t.CustomerId == id);
        Assert.Equal(f.Sales.Id, thread.DepartmentId);
        Assert.Equal(f.SalesRep.Id, thread.AssigneeId);
    }

    [Fact]
    public async Task A_thread_cannot_be_opened_in_a_department_outside_the_scope()
    {
        await Assert.ThrowsAsync<ValidationException>(() =>
            customers.CreateAsync(f.SalesScope, new CustomerInput { FirstName = "Eve", OpenThreadInDepartmentId = f.Service.Id }, sam));

        await using var db = f.Database.CreateDbContext();
        Assert.False(await db.Customers.AnyAsync(c => c.FirstName == "Eve"));
    }

    [Fact]
    public async Task Customers_of_other_departments_are_neither_listed_nor_readable()
    {
        var list = await customers.SearchAsync(f.ServiceScope, null, 1, 50);
        var search = await customers.SearchAsync(f.ServiceScope, "Ben", 1, 50);

        Assert.DoesNotContain(list.Items, c => c.Id == f.Ben.Id);
        Assert.Contains(list.Items, c => c.Id == f.Cara.Id);
        Assert.Contains(list.Items, c => c.Id == f.Ana.Id); // Ana also has a Service thread.
        Assert.Empty(search.Items);
        Assert.Equal(AccessOutcome.Forbidden, (await customers.GetAsync(f.ServiceScope, f.Ben.Id)).Outcome);
        Assert.Equal(AccessOutcome.NotFound, (await customers.GetAsync(f.ServiceScope, Guid.NewGuid())).Outcome);
        await Assert.ThrowsAsync<AccessDeniedException>(() => customers.UpdateAsync(f.ServiceScope, f.Ben.Id, new CustomerInput { FirstName = "X" }));
    }

    [Fact]
    public async Task Updating_with_a_bad_phone_keeps_the_old_values()
    {
        await Assert.ThrowsAsync<ValidationException>(() =>
            customers.UpdateAsync(f.SalesScope, f.Ben.Id, new CustomerInput { FirstName = "Benjamin", Phone = "call me" }));

        await using var db = f.Database.CreateDbContext();
        var ben = await db.Customers.SingleAsync(c => c.Id == f.Ben.Id);
        Assert.Equal("Ben", ben.FirstName);
        Assert.Equal("+13125550102", ben.Phone);
    }

    [Fact]
    public async Task A_department_sharing_a_customer_sees_name_number_and_consent_only_and_cannot_change_the_record()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            var ana = await db.Customers.SingleAsync(c => c.Id == f.Ana.Id);
            ana.Email = "ana@service.example";
            ana.Lead.VehicleOfInterest = "2022 Tacoma";
            ana.Tags = ["Warranty"];
            await db.SaveChangesAsync();
        }

        var fromSales = (await customers.GetAsync(f.SalesScope, f.Ana.Id)).Value!;
        var fromAdmin = (await customers.GetAsync(f.AdminScope, f.Ana.Id)).Value!;
        var own = (await customers.GetAsync(f.SalesScope, f.Ben.Id)).Value!;
        var listed = (await customers.SearchAsync(f.SalesScope, "Ruiz", 1, 10)).Items.Single();
        var byHiddenEmail = await customers.SearchAsync(f.SalesScope, "ana@service", 1, 10);
        var byEmailAsAdmin = await customers.SearchAsync(f.AdminScope, "ana@service", 1, 10);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            customers.UpdateAsync(f.SalesScope, f.Ana.Id, new CustomerInput { FirstName = "Ana", Phone = "+13125550101", Email = "mine@sales.example" }));

        Assert.True(fromSales.Shared);
        Assert.Equal(("Ana", "Ruiz", "+13125550101"), (fromSales.Customer.FirstName, fromSales.Customer.LastName, fromSales.Customer.Phone));
        Assert.Equal((null, null, 0), (fromSales.Customer.Email, fromSales.Customer.Lead.VehicleOfInterest, fromSales.Customer.Tags.Count));
        Assert.Equal((null, null), (listed.Email, listed.VehicleOfInterest));
        Assert.Empty(byHiddenEmail.Items);
        Assert.Equal(f.Ana.Id, Assert.Single(byEmailAsAdmin.Items).Id);
        Assert.Equal((false, "ana@service.example"), (fromAdmin.Shared, fromAdmin.Customer.Email));
        Assert.False(own.Shared);
        Assert.Contains("also talks to a department outside your reach", refused.Message);
    }

    [Fact]
    public async Task A_number_belongs_to_one_customer_and_a_new_record_for_a_stopped_number_shows_its_stop()
    {
        var first = await customers.CreateAsync(f.SalesScope, new CustomerInput { FirstName = "Rosa", LastName = "Diaz", Phone = "(312) 555-0142" }, sam);
        var third = await customers.CreateAsync(f.SalesScope, new CustomerInput { FirstName = "Someone else", Phone = "(312) 555-0143" }, sam);
        await f.Database.SeedAsync(Support.DataBuilder.Stop("+13125550144", DateTime.UtcNow));

        var second = await Assert.ThrowsAsync<ValidationException>(() =>
            customers.CreateAsync(f.SalesScope, new CustomerInput { FirstName = "Rosa (Service)", Phone = "+13125550142" }, sam));
        var edited = await Assert.ThrowsAsync<ValidationException>(() =>
            customers.UpdateAsync(f.SalesScope, third, new CustomerInput { FirstName = "Someone else", Phone = "312 555 0142" }));
        var stopped = await customers.CreateAsync(f.SalesScope, new CustomerInput { FirstName = "New", Phone = "(312) 555-0144" }, sam);

        Assert.Equal("(312) 555-0142 is already Rosa Diaz's number. A number belongs to one customer: open that customer instead.",
            Assert.Single(second.Errors[nameof(CustomerInput.Phone)]));
        Assert.Contains("Rosa Diaz", Assert.Single(edited.Errors[nameof(CustomerInput.Phone)]));
        await using var after = f.Database.CreateDbContext();
        Assert.Equal(1, await after.Customers.CountAsync(c => c.Phone == "+13125550142"));
        Assert.Equal("+13125550143", (await after.Customers.SingleAsync(c => c.Id == third)).Phone);
        var created = await after.Customers.SingleAsync(c => c.Id == stopped);
        Assert.Equal((ConsentStatus.OptedOut, "Texted “STOP”"), (created.Consent, created.ConsentSource));
        Assert.Equal(first, Assert.Single(await customers.FindByPhoneAsync(f.SalesScope, "(312) 555-0142")).Id);
    }

    [Fact]
    public async Task A_customer_who_moved_keeps_their_number_and_gets_their_zone_and_a_zone_that_does_not_exist_is_a_field_error()
    {
        var input = CustomerInput.From(f.Ben);
        input.TimeZoneId = "Pacific/Honolulu";
        await customers.UpdateAsync(f.SalesScope, f.Ben.Id, input);

        await using (var db = await f.Database.CreateDbContextAsync())
        {
            var ben = await db.Customers.SingleAsync(c => c.Id == f.Ben.Id);
            Assert.Equal(("Pacific/Honolulu", "+13125550102"), (ben.TimeZoneId, ben.Phone));
        }

        input.TimeZoneId = "Chicago";
        var refused = await Assert.ThrowsAsync<ValidationException>(() => customers.UpdateAsync(f.SalesScope, f.Ben.Id, input));
        Assert.StartsWith("“Chicago” is not a time zone.", refused.Errors[nameof(CustomerInput.TimeZoneId)].Single());

        input.TimeZoneId = " ";
        await customers.UpdateAsync(f.SalesScope, f.Ben.Id, input);
        await using var after = await f.Database.CreateDbContextAsync();
        Assert.Null((await after.Customers.SingleAsync(c => c.Id == f.Ben.Id)).TimeZoneId);
    }
    [Fact]
    public async Task Where_a_customer_lives_is_kept_as_a_code_a_states_name_is_read_and_a_place_that_does_not_exist_is_a_field_error()
    {
        var input = CustomerInput.From(f.Ben);
        input.Region = "florida";
        await customers.UpdateAsync(f.SalesScope, f.Ben.Id, input);
        await using (var db = await f.Database.CreateDbContextAsync())
        {
            Assert.Equal("US-FL", (await db.Customers.SingleAsync(c => c.Id == f.Ben.Id)).Region);
        }

        input.Region = "Narnia";
        var refused = await Assert.ThrowsAsync<ValidationException>(() => customers.UpdateAsync(f.SalesScope, f.Ben.Id, input));
        Assert.StartsWith("“Narnia” is not a state or country.", refused.Errors[nameof(CustomerInput.Region)].Single());

        input.Region = "gb";
        await customers.UpdateAsync(f.SalesScope, f.Ben.Id, input);
        await using var after = await f.Database.CreateDbContextAsync();
        Assert.Equal("GB", (await after.Customers.SingleAsync(c => c.Id == f.Ben.Id)).Region);
    }
}
