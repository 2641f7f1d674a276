using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Customers.Import;
using Portal.Core.Providers;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Customers.Import;

/// <summary>
/// Reads a lead file row by row and writes it in batches of <see cref="BatchSize"/>, so a 50,000-row file needs memory
/// for one batch and the set of numbers seen, not for the file. Customers are matched by their number in E.164: an
/// existing one is updated (only with values the file has), never duplicated, and a file imported twice changes nothing
/// the second time. A dry run goes through the same steps and saves nothing.
/// </summary>
internal sealed partial class LeadImportService(
    IDbContextFactory<PortalDbContext> dbFactory,
    PhoneNumberNormalizer phones,
    IProviderCatalog providers,
    TimeProvider clock,
    ILogger<LeadImportService> logger) : ILeadImportService
{
    public const int BatchSize = 500;
    private static readonly EmailAddressAttribute EmailCheck = new();

    public async Task<LeadFilePreview> PreviewAsync(Stream csv, CancellationToken cancellationToken = default)
    {
        await LeadFileCheck.EnsureReadableAsync(csv, cancellationToken);
        using var reader = new StreamReader(csv, leaveOpen: true);
        using var parser = new CsvReader(reader, Configuration());
        if (!await parser.ReadAsync() || !parser.ReadHeader())
        {
            return new LeadFilePreview([], [], []);
        }

        var headers = parser.HeaderRecord ?? [];
        LeadFileCheck.EnsureColumns(headers.Length);
        var samples = new List<IReadOnlyList<string>>();
        try
        {
            while (samples.Count < 5 && await parser.ReadAsync())
            {
                samples.Add([.. Enumerable.Range(0, headers.Length).Select(i => parser.TryGetField<string>(i, out var value) ? value ?? "" : "")]);
            }
        }
        catch (MaxFieldSizeException e)
        {
            throw LeadFileCheck.CellTooLong(e);
        }

        return new LeadFilePreview(headers, samples, [.. headers.Select(h => LeadImportColumns.Guess(h, providers.CustomerIdFields))]);
    }

    /// <summary>One import at a time in this process: two files with one number must not both create its customer.</summary>
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public async Task<LeadImportReport> RunAsync(DepartmentScope scope, Stream csv, LeadImportOptions options, bool dryRun, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        LeadFileCheck.EnsureColumns(options.Columns.Count);
        await LeadFileCheck.EnsureReadableAsync(csv, cancellationToken);
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunOneAsync(scope, csv, options, dryRun, progress, cancellationToken);
        }
        catch (MaxFieldSizeException e)
        {
            throw LeadFileCheck.CellTooLong(e);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task<LeadImportReport> RunOneAsync(DepartmentScope scope, Stream csv, LeadImportOptions options, bool dryRun, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var tag = string.IsNullOrWhiteSpace(options.Tag) ? null : options.Tag.Trim();
        if (options.Columns.FirstOrDefault(c => c.Field == LeadImportField.ExternalId && !providers.CustomerIdFields.Any(f => f.Module == c.Module)) is { Field: LeadImportField.ExternalId } unknown)
        {
            throw new Core.Common.ValidationException(nameof(LeadImportOptions.Columns), $"No system here keeps a customer id called '{unknown.Module}'.");
        }

        var optedOut = await OptedOutNumbersAsync(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new List<RejectedRow>();
        var batch = new List<ImportRow>(BatchSize);
        var totals = new Totals();
        var rows = 0;
        // The first column mapped to each kind of value.
        var columns = options.Columns.Select((column, index) => (column, index)).Where(c => c.column != LeadImportColumn.Ignore)
            .GroupBy(c => c.column).ToDictionary(g => g.Key, g => g.First().index);

        using var reader = new StreamReader(csv, leaveOpen: true);
        using var parser = new CsvReader(reader, Configuration());
        if (await parser.ReadAsync())
        {
            parser.ReadHeader();
            LeadFileCheck.EnsureColumns(parser.HeaderRecord?.Length ?? 0);
        }

        while (await parser.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows++;
            var rowNumber = rows + 1;
            var fields = Enumerable.Range(0, options.Columns.Count).Select(i => parser.TryGetField<string>(i, out var value) ? value?.Trim() ?? "" : "").ToArray();
            var parsed = Parse(fields, columns, rowNumber, tag, out var rejection);
            rejection ??= Check(parsed!, seen, optedOut);
            if (rejection is not null)
            {
                rejected.Add(rejection);
                continue;
            }

            batch.Add(parsed!);
            if (batch.Count == BatchSize)
            {
                await WriteAsync(scope, batch, options.FileName, dryRun, totals, rejected, cancellationToken);
                batch.Clear();
                progress?.Report(rows);
            }
        }

        await WriteAsync(scope, batch, options.FileName, dryRun, totals, rejected, cancellationToken);
        progress?.Report(rows);
        rejected.Sort((a, b) => a.Row.CompareTo(b.Row));
        logger.LogInformation("Lead import of {File}{DryRun}: {Rows} rows, {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
            options.FileName, dryRun ? " (dry run)" : "", rows, totals.Created, totals.Updated, totals.Unchanged, rejected.Count);
        return new LeadImportReport(rows, totals.Created, totals.Updated, totals.Unchanged, rejected, dryRun);
    }

    private sealed class Totals
    {
        public int Created;
        public int Updated;
        public int Unchanged;
    }

    private async Task WriteAsync(DepartmentScope scope, List<ImportRow> batch, string fileName, bool dryRun, Totals totals, List<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var numbers = batch.Select(r => r.Phone).ToList();
        var existing = (await db.Customers.Where(c => c.Phone != null && numbers.Contains(c.Phone)).ToListAsync(cancellationToken))
            .GroupBy(c => c.Phone!).ToDictionary(g => g.Key, g => g.OrderBy(c => c.CreatedAt).First());
        var hidden = new HashSet<Guid>();
        if (!scope.AllDepartments)
        {
            // A customer who talks only to departments outside the importer's is not theirs to change.
            var ids = existing.Values.Select(c => c.Id).ToList();
            var departments = scope.DepartmentIds.ToList();
            hidden = (await db.Threads.Where(t => ids.Contains(t.CustomerId)).GroupBy(t => t.CustomerId)
                    .Where(g => !g.Any(t => departments.Contains(t.DepartmentId))).Select(g => g.Key).ToListAsync(cancellationToken))
                .ToHashSet();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ledgers = (await db.ConsentEntries.Where(e => numbers.Contains(e.Number)).ToListAsync(cancellationToken)).ToLookup(e => e.Number);
        foreach (var row in batch)
        {
            if (existing.TryGetValue(row.Phone, out var customer))
            {
                if (hidden.Contains(customer.Id))
                {
                    rejected.Add(new RejectedRow(row.Row, RejectionReason.OtherDepartment, $"{row.Phone} belongs to a customer of another department."));
                    continue;
                }

                if (Apply(customer, row) | RecordConsent(db, customer, ledgers[row.Phone], row, fileName, now))
                {
                    totals.Updated++;
                }
                else
                {
                    totals.Unchanged++;
                }
            }
            else
            {
                var created = new Customer { Phone = row.Phone };
                Apply(created, row);
                if (ConsentLedger.InEffect(ledgers[row.Phone]) is { } inEffect)
                {
                    Consent.NumberConsent.Show(created, inEffect);
                }

                RecordConsent(db, created, ledgers[row.Phone], row, fileName, now);
                db.Customers.Add(created);
                totals.Created++;
            }
        }

        if (!dryRun)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Copies what the row has onto the customer; true when anything changed.</summary>
    private static bool Apply(Customer customer, ImportRow row)
    {
        var changed = false;
        void Set(string? value, Func<string?> get, Action<string> set)
        {
            if (value is not null && !string.Equals(get(), value, StringComparison.Ordinal))
            {
                set(value);
                changed = true;
            }
        }

        Set(row.FirstName, () => customer.FirstName, v => customer.FirstName = v);
        Set(row.LastName, () => customer.LastName, v => customer.LastName = v);
        Set(row.Email, () => customer.Email, v => customer.Email = v);
        Set(row.Vehicle, () => customer.Lead.VehicleOfInterest, v => customer.Lead.VehicleOfInterest = v);
        Set(row.Status, () => customer.Lead.ProcessStatus, v => customer.Lead.ProcessStatus = v);
        Set(row.Source, () => customer.Lead.Source, v => customer.Lead.Source = v);
        Set(row.TimeToPurchase, () => customer.Lead.TimeToPurchase, v => customer.Lead.TimeToPurchase = v);
        Set(row.SalesRep, () => customer.Lead.SalesRep, v => customer.Lead.SalesRep = v);
        if (row.Budget is { } budget && customer.Lead.Budget != budget)
        {
            customer.Lead.Budget = budget;
            changed = true;
        }
        foreach (var (module, value) in row.ExternalIds)
        {
            changed |= customer.SetExternalId(module, value);
        }

        Set(row.TimeZoneId, () => customer.TimeZoneId, v => customer.TimeZoneId = v);
        Set(row.Region, () => customer.Region, v => customer.Region = v);
        var newTags = row.Tags.Where(t => !customer.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (newTags.Count > 0)
        {
            customer.Tags = [.. customer.Tags, .. newTags];
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// A file adds to the number's ledger an opt-in where no consent is known, and an opt-out always; it never overrides
    /// an opt-out (such rows were refused before). True when it added one.
    /// </summary>
    private static bool RecordConsent(PortalDbContext db, Customer customer, IEnumerable<ConsentEntry> ledger, ImportRow row, string fileName, DateTime now)
    {
        var state = ConsentLedger.StateOf(ledger);
        if (!((row.Consent == ConsentStatus.OptedIn && state == ConsentStatus.Unknown) || (row.Consent == ConsentStatus.OptedOut && state != ConsentStatus.OptedOut)))
        {
            return false;
        }

        var source = $"Lead import {fileName}, row {row.Row}";
        var entry = new ConsentEntry
        {
            Number = row.Phone,
            Status = row.Consent.Value,
            ActedAt = now,
            RecordedAt = now,
            Source = ConsentSource.Import,
            Detail = source.Length <= ConsentEntry.MaxDetailLength ? source : source[..ConsentEntry.MaxDetailLength],
        };
        db.ConsentEntries.Add(entry);
        Consent.NumberConsent.Show(customer, entry);
        return true;
    }

    private async Task<HashSet<string>> OptedOutNumbersAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Consent.OptedOutNumbers.AllAsync(db, cancellationToken);
    }

    private static CsvConfiguration Configuration() => new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = true,
        DetectDelimiter = true,
        BadDataFound = null,
        MissingFieldFound = null,
        TrimOptions = TrimOptions.Trim,
        MaxFieldSize = LeadFileCheck.MaxCellLength,
    };

    private static string Cut(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
