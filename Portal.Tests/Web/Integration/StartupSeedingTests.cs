using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Departments;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Web.Integration;

public sealed class StartupSeedingTests : IDisposable
{
    private readonly List<string> databases = [];

    private string NewDatabasePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"portal-seed-{Guid.NewGuid():N}.db");
        databases.Add(path);
        return path;
    }

    public void Dispose() => databases.ForEach(PortalFactory.DeleteDatabase);

    private static async Task<(int Customers, int Users, int Departments, int Messages)> CountAsync(PortalFactory factory) =>
        await factory.QueryAsync(async db => (
            await db.Customers.CountAsync(),
            await db.Users.CountAsync(),
            await db.Departments.CountAsync(),
            await db.Messages.CountAsync()));

    [Fact]
    public async Task Demo_data_is_seeded_once_and_never_twice()
    {
        var path = NewDatabasePath();
        (int Customers, int Users, int Departments, int Messages) first;
        await using (var factory = new PortalFactory(path, new Dictionary<string, string?>()))
        {
            first = await CountAsync(factory);
            var departments = await factory.QueryAsync(db => db.Departments.Select(d => d.Name).OrderBy(n => n).ToListAsync());
            var users = await factory.QueryAsync(db => db.Users.Select(u => u.Email!).ToListAsync());

            Assert.Equal(["Parts", "Sales", "Service"], departments);
            Assert.Equal(40, first.Customers);
            Assert.True(first.Messages > 40);
            foreach (var department in new[] { "sales", "service", "parts" })
            {
                Assert.Contains($"manager.{department}@demo.portal", users);
                Assert.Contains($"staff.{department}@demo.portal", users);
            }

        }

        await using (var again = new PortalFactory(path, new Dictionary<string, string?>()))
        {
            Assert.Equal(first, await CountAsync(again));
            Assert.Contains(again.Logs, l => l.Contains("Demo data skipped"));
        }
    }

    [Fact]
    public async Task A_database_that_already_has_data_gets_no_demo()
    {
        var path = NewDatabasePath();
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").Options;
        await using (var db = new SqlitePortalDbContext(options))
        {
            await db.Database.MigrateAsync();
            db.Departments.Add(new Department { Name = "Body shop" });
            await db.SaveChangesAsync();
        }

        await using var factory = new PortalFactory(path, new Dictionary<string, string?>());
        var counts = await CountAsync(factory);

        Assert.Equal(0, counts.Customers);
        Assert.Equal(1, counts.Departments);
        Assert.Equal(1, counts.Users); // The configured admin only.
    }

    [Fact]
    public async Task Without_configuration_the_first_admin_gets_a_generated_password_printed_once()
    {
        var path = NewDatabasePath();
        var noAdmin = new Dictionary<string, string?>
        {
            ["Portal:Admin:Email"] = "",
            ["Portal:Admin:Password"] = "",
            ["Portal:Demo:Seed"] = "false",
        };
        string password;
        await using (var factory = new PortalFactory(path, noAdmin))
        {
            _ = factory.Server;
            var printed = factory.Logs.Where(l => l.Contains("First admin created")).ToList();
            var match = Regex.Match(Assert.Single(printed), @"Sign in as (\S+) with password (\S+) ");
            Assert.Equal("admin@portal.local", match.Groups[1].Value);
            password = match.Groups[2].Value;

            var client = factory.CreateBrowserLikeClient();
            var response = await client.PostLoginAsync("admin@portal.local", password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(0, (await CountAsync(factory)).Customers);
        }

        await using (var again = new PortalFactory(path, noAdmin))
        {
            _ = again.Server;
            Assert.DoesNotContain(again.Logs, l => l.Contains("First admin created") || l.Contains(password));
        }
    }
}
