using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Customers;

/// <summary>A database made before one customer per number, with two records of one number, migrated as start-up does.</summary>
public sealed class OneCustomerPerNumberMigrationTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"portal-merge-{Guid.NewGuid():N}.db");
    private readonly DbContextOptions<SqlitePortalDbContext> options;

    public OneCustomerPerNumberMigrationTests() =>
        options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}")
            .AddInterceptors(new AuditTimestampsInterceptor(TimeProvider.System)).Options;

    [Fact]
    public async Task Records_sharing_a_number_are_merged_into_the_first_keeping_every_message_and_the_strictest_consent()
    {
        const string number = "+13125550170";
        var sales = DataBuilder.Department("Sales");
        var service = DataBuilder.Department("Service");
        var first = new Customer { FirstName = "Nina", Phone = number, Tags = ["VIP"], Consent = ConsentStatus.OptedOut, ConsentSource = "Texted “STOP”", ConsentChangedAt = InboxFixture.Now };
        var second = new Customer { FirstName = "Nina", LastName = "Hyatt", Phone = number, Email = "nina@example.com", Tags = ["Fleet", "vip"], Consent = ConsentStatus.OptedIn };
        second.SetExternalId("Dms", "D-77");
        var firstSales = DataBuilder.Thread(sales, first, InboxFixture.Now);
        var secondSales = DataBuilder.Thread(sales, second, InboxFixture.Now);
        var secondService = DataBuilder.Thread(service, second, InboxFixture.Now);
        secondService.Status = ThreadStatus.Closed;
        var other = DataBuilder.Customer("Other", "Person", "+13125550171");
        await using (var before = new SqlitePortalDbContext(options))
        {
            await before.GetService<IMigrator>().MigrateAsync(before.Database.GetMigrations().First(m => m.EndsWith("_Initial", StringComparison.Ordinal)));
            // The departments as that schema has them: today's model has columns the old table lacks.
            foreach (var department in new[] { sales, service })
            {
                var at = InboxFixture.Now.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                await before.Database.ExecuteSqlAsync(
                    $"INSERT INTO Departments (Id, Name, TimeZoneId, SendingHoursStart, SendingHoursEnd, CreatedAt, UpdatedAt) VALUES ({department.Id.ToString().ToUpperInvariant()}, {department.Name}, {department.TimeZoneId}, '08:00:00', '21:00:00', {at}, {at})");
            }

            // The customers too, as that schema has them (today's have columns it lacks): the second record is the newer.
            var age = 3;
            foreach (var customer in new[] { first, other, second })
            {
                var at = InboxFixture.Now.AddHours(-age--).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                var (id, tags, consent, changed) = (customer.Id.ToString().ToUpperInvariant(), System.Text.Json.JsonSerializer.Serialize(customer.Tags), customer.Consent.ToString(),
                    customer.ConsentChangedAt?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
                await before.Database.ExecuteSqlAsync(
                    $"INSERT INTO Customers (Id, FirstName, LastName, Phone, Email, PreferredChannel, Consent, ConsentChangedAt, ConsentSource, Tags, IsUnknownContact, CreatedAt, UpdatedAt) VALUES ({id}, {customer.FirstName}, {customer.LastName}, {customer.Phone}, {customer.Email}, 'Text', {consent}, {changed}, {customer.ConsentSource}, {tags}, 0, {at}, {at})");
                foreach (var external in customer.ExternalIds)
                {
                    await before.Database.ExecuteSqlAsync($"INSERT INTO CustomerExternalIds (CustomerId, Module, Value) VALUES ({id}, {external.Module}, {external.Value})");
                }
            }
            // The threads too, as that schema has them.
            foreach (var thread in new[] { firstSales, secondSales, secondService })
            {
                var at = InboxFixture.Now.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                await before.Database.ExecuteSqlAsync(
                    $"INSERT INTO Threads (Id, DepartmentId, CustomerId, Status, LastActivityAt, LastMessagePreview, CreatedAt, UpdatedAt) VALUES ({thread.Id.ToString().ToUpperInvariant()}, {thread.DepartmentId.ToString().ToUpperInvariant()}, {thread.CustomerId.ToString().ToUpperInvariant()}, {thread.Status.ToString()}, {at}, '', {at}, {at})");
            }

            // And their messages, as that schema has them.
            foreach (var (thread, body) in new[] { (firstSales, "Hi from Sales"), (secondSales, "Hi again"), (secondService, "Brakes?") })
            {
                var at = InboxFixture.Now.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                await before.Database.ExecuteSqlAsync(
                    $"INSERT INTO Messages (Id, ThreadId, Direction, Kind, Body, AuthorType, Status, Attempts, OccurredAt, ReceivedAt, Revision, IsAutomated, Metadata, CreatedAt, UpdatedAt) VALUES ({Guid.NewGuid().ToString().ToUpperInvariant()}, {thread.Id.ToString().ToUpperInvariant()}, 'Inbound', 'Text', {body}, 'Customer', 'Received', 0, {at}, {at}, 0, 0, '{{}}', {at}, {at})");
            }
        }

        await using (var db = new SqlitePortalDbContext(options))
        {
            await PortalMigrations.ApplyAsync(db, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        }

        await using var after = new SqlitePortalDbContext(options);
        var kept = await after.Customers.SingleAsync(c => c.Phone == number);
        Assert.Equal(first.Id, kept.Id);
        Assert.Equal(("Nina", "Hyatt", "nina@example.com"), (kept.FirstName, kept.LastName, kept.Email));
        Assert.Equal(["VIP", "Fleet"], kept.Tags);
        Assert.Equal("D-77", kept.ExternalId("Dms"));
        Assert.Equal(ConsentStatus.OptedOut, kept.Consent);
        Assert.Equal(ConsentStatus.OptedOut, (await after.ConsentEntries.SingleAsync(e => e.Number == number)).Status);
        var threads = await after.Threads.Where(t => t.CustomerId == kept.Id).ToListAsync();
        Assert.Equal(3, threads.Count);
        Assert.Equal(ThreadStatus.Closed, threads.Single(t => t.Id == secondSales.Id).Status);
        Assert.Equal(3, await after.Messages.CountAsync(m => m.Direction == MessageDirection.Inbound));
        Assert.True(await after.Messages.AnyAsync(m => m.ThreadId == secondSales.Id && m.Kind == MessageKind.SystemEvent && m.Body.Contains("merged")));
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());

        after.Customers.Add(DataBuilder.Customer("Third", "Record", number));
        await Assert.ThrowsAsync<DbUpdateException>(() => after.SaveChangesAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}
