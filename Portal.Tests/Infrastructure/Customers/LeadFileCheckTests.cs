using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Customers.Import;
using Portal.Infrastructure.Customers.Import;
using Portal.Web.Components.Pages.Manage;

namespace Portal.Tests.Infrastructure.Customers;

/// <summary>Files a lead import refuses before it parses them, each with the reason a manager can act on.</summary>
public class LeadFileCheckTests : IAsyncLifetime
{
    private InboxFixture f = default!;
    private LeadImportService import = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        import = new LeadImportService(f.Database, new PhoneNumberNormalizer("US"), Support.TestProviders.Catalog, TimeProvider.System, NullLogger<LeadImportService>.Instance);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    public static TheoryData<string, byte[]> Refused => new()
    {
        { "at most 200", Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 201).Select(i => $"c{i}")) + "\n") },
        { "header row is longer than 64 KB", Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 1_000_000).Select(_ => "x"))) },
        { "NUL bytes", [.. Encoding.UTF8.GetBytes("Name,Phone\nAna,3125550101\n"), 0, .. "\n"u8.ToArray()] },
        { "not UTF-8", Encoding.Latin1.GetBytes("Name,Phone\nJosé Núñez,3125550101\n") },
        { "Row 3 has a cell longer than 10,000", Encoding.UTF8.GetBytes("Name,Phone\nAna,3125550101\n\"Ben,3125550102\n" + string.Concat(Enumerable.Repeat("Cara,3125550103\n", 1_000))) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_file_that_cannot_be_a_lead_file_is_refused_with_why_and_nothing_is_written(string why, byte[] file)
    {
        var preview = await Assert.ThrowsAsync<ValidationException>(() => import.PreviewAsync(new MemoryStream(file)));
        var run = await Assert.ThrowsAsync<ValidationException>(() => import.RunAsync(f.AdminScope, new MemoryStream(file),
            new LeadImportOptions([LeadImportColumn.FullName, LeadImportColumn.Phone], null, "leads.csv"), dryRun: false));

        Assert.Contains(why, Assert.Single(preview.Errors["file"]));
        Assert.Contains(why, Assert.Single(run.Errors["file"]));
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(3, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task A_utf8_file_with_accents_and_a_byte_order_mark_is_read()
    {
        var preview = await import.PreviewAsync(new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("Name,Phone\nJosé Núñez,3125550188\n")]));

        Assert.Equal("José Núñez", preview.SampleRows[0][0]);
    }

    [Fact]
    public void Lead_files_left_by_a_process_that_died_are_deleted_once_an_hour_old()
    {
        var folder = Directory.CreateTempSubdirectory("portal-sweep-").FullName;
        var now = new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);
        var old = Path.Combine(folder, "portal-import-old.csv");
        var fresh = Path.Combine(folder, "portal-import-fresh.csv");
        var other = Path.Combine(folder, "someone-else.csv");
        foreach (var (file, age) in new[] { (old, 61), (fresh, 5), (other, 600) })
        {
            File.WriteAllText(file, "x");
            File.SetLastWriteTimeUtc(file, now.AddMinutes(-age));
        }

        Assert.Equal(1, LeadImportFiles.DeleteAbandoned(now, folder));
        Assert.Equal([fresh, other], Directory.GetFiles(folder).Order());
        Directory.Delete(folder, recursive: true);
    }
}
