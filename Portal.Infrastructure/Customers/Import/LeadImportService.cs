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
internal sealed class LeadImportService(
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

    private sealed record ImportRow(int Row, string Phone)
    {
        public string? FirstName { get; init; }
        public string? LastName { get; init; }
        public string? Email { get; init; }
        public List<string> Tags { get; init; } = [];
        public string? Vehicle { get; init; }
        public string? Status { get; init; }
        public IReadOnlyList<(string Module, string Value)> ExternalIds { get; init; } = [];
        public ConsentStatus? Consent { get; init; }
        public string? TimeZoneId { get; init; }
    }

    private ImportRow? Parse(string[] fields, Dictionary<LeadImportColumn, int> columns, int row, string? tag, out RejectedRow? rejection)
    {
        rejection = null;
        string? Value(LeadImportColumn column) =>
            columns.TryGetValue(column, out var index) && index < fields.Length && fields[index].Length > 0 ? fields[index] : null;

        var phone = Value(LeadImportColumn.Phone);
        if (phone is null)
        {
            rejection = new RejectedRow(row, RejectionReason.MissingPhone, "No phone number.");
            return null;
        }

        if (!phones.TryNormalize(phone, out var e164))
        {
            rejection = new RejectedRow(row, RejectionReason.InvalidPhone, $"'{Cut(phone)}' is not a valid phone number.");
            return null;
        }

        var (first, last) = (Value(LeadImportColumn.FirstName), Value(LeadImportColumn.LastName));
        if (first is null && last is null && Value(LeadImportColumn.FullName) is { } full)
        {
            var space = full.IndexOf(' ');
            (first, last) = space < 0 ? (full, null) : (full[..space], full[(space + 1)..].Trim());
        }

        var email = Value(LeadImportColumn.Email);
        if (email is not null && (email.Length > 254 || !EmailCheck.IsValid(email)))
        {
            rejection = new RejectedRow(row, RejectionReason.InvalidEmail, $"'{Cut(email)}' is not a valid email address.");
            return null;
        }

        var zone = Value(LeadImportColumn.TimeZone);
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            rejection = new RejectedRow(row, RejectionReason.InvalidTimeZone, $"'{Cut(zone)}' is not a time zone (use a name such as America/Chicago).");
            return null;
        }

        var tags = (Value(LeadImportColumn.Tags) ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (tag is not null)
        {
            tags.Add(tag);
        }

        var externalIds = columns.Keys.Where(c => c.Field == LeadImportField.ExternalId && c.Module is not null)
            .Select(c => (Module: c.Module!, Value: Value(c))).Where(id => id.Value is not null).Select(id => (id.Module, Value: id.Value!)).ToList();
        var tooLong = new (string Name, string? Value, int Max)[]
        {
            ("First name", first, 100), ("Last name", last, 100), ("Vehicle", Value(LeadImportColumn.VehicleOfInterest), 200),
            ("Lead status", Value(LeadImportColumn.LeadStatus), 100), ("Time zone", zone, 64),
        }.Concat(tags.Select(t => (Name: "Tag", Value: (string?)t, Max: 50)))
            .Concat(externalIds.Select(id => (Name: LabelOf(id.Module), Value: (string?)id.Value, Max: CustomerExternalId.MaxLength)))
            .FirstOrDefault(f => f.Value?.Length > f.Max);
        if (tooLong.Name is not null)
        {
            rejection = new RejectedRow(row, RejectionReason.TooLong, $"{tooLong.Name} is longer than {tooLong.Max} characters.");
            return null;
        }

        return new ImportRow(row, e164)
        {
            FirstName = first,
            LastName = last,
            Email = email,
            Tags = [.. tags.Distinct(StringComparer.OrdinalIgnoreCase)],
            Vehicle = Value(LeadImportColumn.VehicleOfInterest),
            Status = Value(LeadImportColumn.LeadStatus),
            ExternalIds = externalIds,
            Consent = LeadImportColumns.ParseConsent(Value(LeadImportColumn.Consent)),
            TimeZoneId = zone,
        };
    }

    private string LabelOf(string module) => providers.CustomerIdFields.FirstOrDefault(f => f.Module == module)?.Label ?? module;

    private static RejectedRow? Check(ImportRow row, HashSet<string> seen, HashSet<string> optedOut)
    {
        if (!seen.Add(row.Phone))
        {
            return new RejectedRow(row.Row, RejectionReason.DuplicateInFile, $"{row.Phone} is already on an earlier row of this file.");
        }

        return optedOut.Contains(row.Phone)
            ? new RejectedRow(row.Row, RejectionReason.OptedOutNumber, $"{row.Phone} has opted out of texts; the file cannot opt it back in.")
            : null;
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
        foreach (var (module, value) in row.ExternalIds)
        {
            changed |= customer.SetExternalId(module, value);
        }

        Set(row.TimeZoneId, () => customer.TimeZoneId, v => customer.TimeZoneId = v);
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
