using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Customers;
using Portal.Core.Customers.Import;
using Portal.Infrastructure.Customers.Import;

namespace Portal.Tests.Infrastructure.Customers;

public sealed class LeadImportServiceTests : IAsyncLifetime
{
    private static readonly LeadImportColumn[] Columns =
    [
        LeadImportColumn.FullName, LeadImportColumn.Phone, LeadImportColumn.Email, LeadImportColumn.Tags,
        LeadImportColumn.VehicleOfInterest, LeadImportColumn.LeadStatus, LeadImportColumn.IdIn(DmsModule.Kind.Name), LeadImportColumn.Consent,
    ];

    private const string Header = "Name,Phone,Email,Tags,Vehicle,Status,DMS id,Consent\n";

    private InboxFixture f = default!;
    private LeadImportService import = default!;

    public async Task InitializeAsync()
    {
        f = await InboxFixture.CreateAsync();
        import = new LeadImportService(f.Database, new PhoneNumberNormalizer("US"), Support.TestProviders.Catalog, TimeProvider.System, NullLogger<LeadImportService>.Instance);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private Task<LeadImportReport> RunAsync(string csv, bool dryRun, string? tag = "spring-import") =>
        import.RunAsync(f.AdminScope, new MemoryStream(Encoding.UTF8.GetBytes(csv)), new LeadImportOptions(Columns, tag, "leads.csv"), dryRun);

    [Fact]
    public async Task Lead_source_budget_time_to_purchase_and_sales_rep_are_imported_and_the_tag_finds_the_leads()
    {
        LeadImportColumn[] columns = [LeadImportColumn.FullName, LeadImportColumn.Phone, LeadImportColumn.LeadSource, LeadImportColumn.Budget,
            LeadImportColumn.TimeToPurchase, LeadImportColumn.SalesRep];
        var csv = "Name,Phone,Source,Budget,Timeframe,Sales rep\n" +
            "Dana Lee,(312) 555-0140,Walk-in,\"$28,500\",This month,Hazle Barrows\n" +
            "Eli Moss,(312) 555-0142,Website,lots,,\n";

        var report = await import.RunAsync(f.AdminScope, new MemoryStream(Encoding.UTF8.GetBytes(csv)), new LeadImportOptions(columns, "walk-import", "leads.csv"), dryRun: false);

        Assert.Equal((1, RejectionReason.InvalidBudget), (report.Created, Assert.Single(report.Rejected).Reason));
        await using var db = f.Database.CreateDbContext();
        var dana = await db.Customers.SingleAsync(c => c.Phone == "+13125550140");
        Assert.Equal(("Walk-in", 28_500m, "This month", "Hazle Barrows"), (dana.Lead.Source, dana.Lead.Budget, dana.Lead.TimeToPurchase, dana.Lead.SalesRep));
        Assert.Equal(
            [LeadImportColumn.LeadSource, LeadImportColumn.Budget, LeadImportColumn.TimeToPurchase, LeadImportColumn.SalesRep],
            new[] { "Lead source", "Budget", "Time frame", "Sales rep" }.Select(h => LeadImportColumns.Guess(h, [])));

        var customers = new Portal.Infrastructure.Customers.CustomerService(f.Database, new PhoneNumberNormalizer("US"), Support.TestProviders.Catalog,
            new Portal.Infrastructure.Realtime.InProcessConversationNotifier(NullLogger<Portal.Infrastructure.Realtime.InProcessConversationNotifier>.Instance), TimeProvider.System);
        Assert.Equal(dana.Id, Assert.Single((await customers.SearchAsync(f.AdminScope, "walk-import", 1, 10)).Items).Id);
    }

    [Fact]
    public async Task A_state_column_records_where_each_lead_lives_and_a_place_that_does_not_exist_is_its_rows_reason()
    {
        LeadImportColumn[] columns = [LeadImportColumn.FullName, LeadImportColumn.Phone, LeadImportColumn.Region];
        var csv = "Name,Phone,State\n" +
            "Dana Lee,(312) 555-0140,FL\n" +          // a state's letters
            "Eli Moss,(312) 555-0142,CA\n" +          // California, in a US dealership's file
            "Fay Orr,(312) 555-0143,New York\n" +     // a state's name
            "Gus Park,(312) 555-0144,GB\n" +          // a country
            "Hal Quinn,(312) 555-0145,Narnia\n";      // row 6: nowhere

        var report = await import.RunAsync(f.AdminScope, new MemoryStream(Encoding.UTF8.GetBytes(csv)), new LeadImportOptions(columns, null, "leads.csv"), dryRun: false);

        Assert.Equal(4, report.Created);
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal((6, RejectionReason.InvalidRegion), (rejected.Row, rejected.Reason));
        Assert.Contains("'Narnia' is not a state or country", rejected.Detail);
        await using var db = f.Database.CreateDbContext();
        var regions = await db.Customers.Where(c => c.Region != null).OrderBy(c => c.Phone).Select(c => c.Region).ToListAsync();
        Assert.Equal(["US-FL", "US-CA", "US-NY", "GB"], regions);
        Assert.Equal(LeadImportColumn.Region, LeadImportColumns.Guess("State", []));
    }

    [Fact]
    public async Task The_dry_run_reports_each_bad_row_with_its_reason_and_writes_nothing()
    {
        await using (var db = f.Database.CreateDbContext())
        {
            db.ConsentEntries.Add(Support.DataBuilder.Stop(f.Cara.Phone!, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        var csv = Header +
            "Dana Lee,(312) 555-0140,dana@example.com,VIP,2025 RAV4,New,D-1,yes\n" + // row 2: fine
            "No Phone,,nophone@example.com,,,,,\n" +                                  // row 3: missing phone
            "Bad Phone,12345,,,,,,\n" +                                               // row 4: invalid phone
            "Dana Again,312.555.0140,,,,,,\n" +                                       // row 5: duplicate of row 2
            "Cara Lind,+1 773 555 0103,,,,,,\n" +                                     // row 6: opted out
            "Bad Mail,3125550141,not-an-email,,,,,\n" +                               // row 7: invalid email
            "Ben Okafor,3125550102,ben@example.com,,,,,\n";                           // row 8: existing customer, updated
        await using var before = f.Database.CreateDbContext();
        var customers = await before.Customers.CountAsync();

        var report = await RunAsync(csv, dryRun: true);

        Assert.True(report.DryRun);
        Assert.Equal((7, 1, 1, 0), (report.Rows, report.Created, report.Updated, report.Unchanged));
        Assert.Equal(
            [(3, RejectionReason.MissingPhone), (4, RejectionReason.InvalidPhone), (5, RejectionReason.DuplicateInFile), (6, RejectionReason.OptedOutNumber), (7, RejectionReason.InvalidEmail)],
            report.Rejected.Select(r => (r.Row, r.Reason)));
        await using var after = f.Database.CreateDbContext();
        Assert.Equal(customers, await after.Customers.CountAsync());
        Assert.Null((await after.Customers.SingleAsync(c => c.Id == f.Ben.Id)).Email);
    }

    [Fact]
    public async Task The_import_matches_existing_customers_by_phone_and_importing_twice_changes_nothing()
    {
        var csv = Header +
            "Dana Lee,(312) 555-0140,dana@example.com,VIP;Fleet,2025 RAV4,New,D-1,yes\n" +
            "Ben Okafor,3125550102,ben@example.com,,2024 Tacoma,Working,,\n";

        var first = await RunAsync(csv, dryRun: false);
        var updatedAt = await UpdatedAtAsync();
        var second = await RunAsync(csv, dryRun: false);

        Assert.Equal((1, 1, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 2), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(updatedAt, await UpdatedAtAsync());
        await using var db = f.Database.CreateDbContext();
        Assert.Single(await db.Customers.Where(c => c.Phone == "+13125550102").ToListAsync());
        var ben = await db.Customers.SingleAsync(c => c.Id == f.Ben.Id);
        Assert.Equal(("ben@example.com", "2024 Tacoma", "Working"), (ben.Email, ben.Lead.VehicleOfInterest, ben.Lead.ProcessStatus));
        Assert.Contains("spring-import", ben.Tags);
        var dana = await db.Customers.SingleAsync(c => c.Phone == "+13125550140");
        Assert.Equal(("Dana", "Lee", "D-1"), (dana.FirstName, dana.LastName, dana.ExternalId(DmsModule.Kind.Name)));
        Assert.Equal(["VIP", "Fleet", "spring-import"], dana.Tags);
        Assert.Equal(ConsentStatus.OptedIn, dana.Consent);
        Assert.Equal("Lead import leads.csv, row 2", dana.ConsentSource);
    }

    [Fact]
    public async Task A_file_never_opts_a_number_back_in_but_records_an_opt_out()
    {
        var csv = Header + "Ben Okafor,3125550102,,,,,,no\n";
        await RunAsync(csv, dryRun: false);
        var again = await RunAsync(Header + "Ben Okafor,3125550102,,,,,,yes\n", dryRun: false);

        Assert.Equal(RejectionReason.OptedOutNumber, Assert.Single(again.Rejected).Reason);
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(ConsentStatus.OptedOut, (await db.Customers.SingleAsync(c => c.Id == f.Ben.Id)).Consent);
    }

    [Fact]
    public async Task Rows_across_several_batches_are_all_imported_and_progress_is_reported()
    {
        var rows = LeadImportService.BatchSize * 2 + 17;
        var csv = new StringBuilder(Header);
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"Lead {i},+1 872 200 {i:D4},,,,,,\n");
        }

        var seen = new List<int>();
        var report = await import.RunAsync(f.AdminScope, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())),
            new LeadImportOptions(Columns, null, "big.csv"), dryRun: false, new SynchronousProgress(seen));

        Assert.Equal(rows, report.Rows);
        Assert.Equal((rows, 0), (report.Created, report.Rejected.Count));
        Assert.Equal([500, 1000, rows], seen);
        await using var db = f.Database.CreateDbContext();
        Assert.Equal(report.Created, await db.Customers.CountAsync(c => c.Phone!.StartsWith("+1872200")));
    }

    [Fact]
    public async Task A_manager_cannot_change_another_departments_customer_through_a_file()
    {
        var salesManager = Portal.Core.Security.DepartmentScope.For(Guid.NewGuid(), [Portal.Core.Security.Roles.Manager], [f.Sales.Id]);
        // Cara talks only to Service.
        var report = await import.RunAsync(salesManager, new MemoryStream(Encoding.UTF8.GetBytes(Header + "Cara Renamed,7735550103,,,,,,\n")),
            new LeadImportOptions(Columns, null, "leads.csv"), dryRun: false);

        Assert.Equal(RejectionReason.OtherDepartment, Assert.Single(report.Rejected).Reason);
        await using var db = f.Database.CreateDbContext();
        Assert.Equal("Cara", (await db.Customers.SingleAsync(c => c.Id == f.Cara.Id)).FirstName);
    }

    [Fact]
    public async Task The_preview_guesses_columns_from_the_header()
    {
        var preview = await import.PreviewAsync(new MemoryStream(Encoding.UTF8.GetBytes("First Name;Last Name;Mobile;E-mail;Notes\nAna;Ruiz;3125550101;a@b.co;x\n")));

        Assert.Equal(["First Name", "Last Name", "Mobile", "E-mail", "Notes"], preview.Headers);
        Assert.Equal([LeadImportColumn.FirstName, LeadImportColumn.LastName, LeadImportColumn.Phone, LeadImportColumn.Email, LeadImportColumn.Ignore], preview.Guessed);
        Assert.Equal("3125550101", Assert.Single(preview.SampleRows)[2]);
    }

    private async Task<List<DateTime>> UpdatedAtAsync()
    {
        await using var db = f.Database.CreateDbContext();
        return await db.Customers.OrderBy(c => c.Id).Select(c => c.UpdatedAt).ToListAsync();
    }

    private sealed class SynchronousProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
