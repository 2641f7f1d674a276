using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure;

public class MigrationsTests
{
    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var database = new TestDatabase();
        using var db = database.CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the SQLite migrations are behind the model.");
        Assert.Empty(db.Database.GetPendingMigrations());
    }

    [Fact]
    public void The_sql_server_migrations_match_the_model()
    {
        var options = new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=127.0.0.1;Database=never-opened;TrustServerCertificate=True")
            .Options;
        using var db = new SqlServerPortalDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the SQL Server migrations are behind the model.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public async Task Every_saved_change_moves_a_campaigns_revision_so_a_writer_holding_an_older_one_loses()
    {
        await using var database = new TestDatabase();
        var sales = DataBuilder.Department("Sales");
        var account = new Portal.Core.Providers.ProviderAccount { Kind = SimulatorModule.Kind, Name = "Sales texting", DepartmentId = sales.Id };
        var campaign = Portal.Core.Campaigns.Campaign.NewDraft("Spring", null, "Mia");
        campaign.EditDraft("Spring", sales.Id, account.Id, [], new Portal.Core.Campaigns.CampaignAudience(), DateTime.UtcNow, 60);
        await database.SeedAsync(sales, account, campaign);
        await using var runner = database.CreateDbContext();
        var held = await runner.Campaigns.SingleAsync();

        await using (var manager = database.CreateDbContext())
        {
            var edited = await manager.Campaigns.SingleAsync();
            edited.EditDraft("Spring sale", sales.Id, account.Id, [], new Portal.Core.Campaigns.CampaignAudience(), DateTime.UtcNow, 60);
            await manager.SaveChangesAsync();
            Assert.Equal(held.Revision + 1, edited.Revision);
        }

        held.TakeLease(Guid.NewGuid(), DateTime.UtcNow.AddMinutes(1));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => runner.SaveChangesAsync());
    }

    [Fact]
    public async Task The_database_refuses_a_second_open_thread_for_the_same_customer_and_department()
    {
        await using var database = new TestDatabase();
        var sales = DataBuilder.Department("Sales");
        var customer = DataBuilder.Customer("Ana", "Ruiz", "+13125550101");
        await database.SeedAsync(sales, customer, DataBuilder.Thread(sales, customer, DateTime.UtcNow));

        await using var db = database.CreateDbContext();
        db.Threads.Add(DataBuilder.Thread(sales, customer, DateTime.UtcNow));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_provider_message_id_is_stored_once_per_account()
    {
        await using var database = new TestDatabase();
        var sales = DataBuilder.Department("Sales");
        var customer = DataBuilder.Customer("Ana", "Ruiz", "+13125550101");
        var thread = DataBuilder.Thread(sales, customer, DateTime.UtcNow);
        var account = Guid.NewGuid();
        var first = DataBuilder.Inbound(thread, "Hi", DateTime.UtcNow);
        first.ProviderAccountId = account;
        first.ProviderMessageId = "SM123";
        await database.SeedAsync(sales, customer, thread, first);

        await using var db = database.CreateDbContext();
        var duplicate = DataBuilder.Inbound(thread, "Hi", DateTime.UtcNow);
        duplicate.ProviderAccountId = account;
        duplicate.ProviderMessageId = "SM123";
        db.Messages.Add(duplicate);

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Round_trips_keep_utc_times_collections_and_complex_values()
    {
        await using var database = new TestDatabase();
        var sales = DataBuilder.Department("Sales");
        sales.SendingHours = new Portal.Core.Departments.SendingHours(new TimeOnly(9, 30), new TimeOnly(18, 0));
        var customer = DataBuilder.Customer("Ana", "Ruiz", "+13125550101");
        customer.Tags = ["VIP", "Fleet"];
        customer.Lead.Budget = 42_500m;
        var thread = DataBuilder.Thread(sales, customer, new DateTime(2026, 11, 1, 14, 0, 0, DateTimeKind.Utc));
        var message = DataBuilder.Inbound(thread, "Hi", new DateTime(2026, 11, 1, 14, 0, 0, DateTimeKind.Utc));
        message.Attachments.Add(new Portal.Core.Messages.Attachment("https://example.test/a.jpg", "image/jpeg"));
        message.Metadata["source"] = "test";
        await database.SeedAsync(sales, customer, thread, message);

        await using var db = database.CreateDbContext();
        var loaded = await db.Messages.SingleAsync();
        var loadedCustomer = await db.Customers.SingleAsync();
        var loadedDepartment = await db.Departments.SingleAsync();

        Assert.Equal(DateTimeKind.Utc, loaded.OccurredAt.Kind);
        Assert.Equal(message.OccurredAt, loaded.OccurredAt);
        Assert.Equal("image/jpeg", Assert.Single(loaded.Attachments).ContentType);
        Assert.Equal("test", loaded.Metadata["source"]);
        Assert.Equal(["VIP", "Fleet"], loadedCustomer.Tags);
        Assert.Equal(42_500m, loadedCustomer.Lead.Budget);
        Assert.Equal(new TimeOnly(9, 30), loadedDepartment.SendingHours.Start);
    }
}
