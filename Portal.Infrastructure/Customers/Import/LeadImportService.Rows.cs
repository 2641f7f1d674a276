using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Customers.Import;

namespace Portal.Infrastructure.Customers.Import;

/// <summary>A row of a lead file: read, checked, and turned into what is written.</summary>
internal sealed partial class LeadImportService
{
    private sealed record ImportRow(int Row, string Phone)
    {
        public string? FirstName { get; init; }
        public string? LastName { get; init; }
        public string? Email { get; init; }
        public List<string> Tags { get; init; } = [];
        public string? Vehicle { get; init; }
        public string? Status { get; init; }
        public string? Source { get; init; }
        public decimal? Budget { get; init; }
        public string? TimeToPurchase { get; init; }
        public string? SalesRep { get; init; }
        public IReadOnlyList<(string Module, string Value)> ExternalIds { get; init; } = [];
        public ConsentStatus? Consent { get; init; }
        public string? TimeZoneId { get; init; }
        public string? Region { get; init; }
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

        string? region = null;
        if (Value(LeadImportColumn.Region) is { } place && !Core.Sending.NumberRegion.TryReadState(place, out region))
        {
            rejection = new RejectedRow(row, RejectionReason.InvalidRegion, $"'{Cut(place)}' is not a state or country (write FL or Florida for a US state, or a country code such as GB).");
            return null;
        }

        var budget = Value(LeadImportColumn.Budget);
        if (budget is not null && LeadImportColumns.ParseBudget(budget) is null)
        {
            rejection = new RejectedRow(row, RejectionReason.InvalidBudget, $"Budget '{Cut(budget)}' is not an amount (write it as 28000 or $28,000).");
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
            ("Lead status", Value(LeadImportColumn.LeadStatus), 100), ("Time zone", zone, 64), ("Lead source", Value(LeadImportColumn.LeadSource), 100),
            ("Time to purchase", Value(LeadImportColumn.TimeToPurchase), 100), ("Sales rep", Value(LeadImportColumn.SalesRep), 100),
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
            Source = Value(LeadImportColumn.LeadSource),
            Budget = LeadImportColumns.ParseBudget(budget),
            TimeToPurchase = Value(LeadImportColumn.TimeToPurchase),
            SalesRep = Value(LeadImportColumn.SalesRep),
            ExternalIds = externalIds,
            Consent = LeadImportColumns.ParseConsent(Value(LeadImportColumn.Consent)),
            TimeZoneId = zone,
            Region = region,
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
}
