using Portal.Core.Security;

namespace Portal.Core.Customers.Import;

/// <summary>The first rows of a lead file, to map its columns.</summary>
public sealed record LeadFilePreview(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> SampleRows, IReadOnlyList<LeadImportColumn> Guessed);

/// <param name="Columns">One entry per column of the file, in order.</param>
/// <param name="Tag">Added to every imported customer, so a campaign can target the import; null for none.</param>
public sealed record LeadImportOptions(IReadOnlyList<LeadImportColumn> Columns, string? Tag, string FileName);

public enum RejectionReason
{
    MissingPhone,
    InvalidPhone,
    DuplicateInFile,
    OptedOutNumber,
    InvalidEmail,
    InvalidTimeZone,
    TooLong,

    /// <summary>The number belongs to a customer of a department outside the importer's.</summary>
    OtherDepartment,
    InvalidBudget,
    InvalidRegion,
}

/// <param name="Row">The row number as a spreadsheet shows it (the header is row 1).</param>
public sealed record RejectedRow(int Row, RejectionReason Reason, string Detail);

public sealed record LeadImportReport(int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<RejectedRow> Rejected, bool DryRun)
{
    public int Accepted => Created + Updated + Unchanged;
}

/// <summary>Lead files in CSV: a dry run that writes nothing, then the import, matched to existing customers by phone.</summary>
public interface ILeadImportService
{
    Task<LeadFilePreview> PreviewAsync(Stream csv, CancellationToken cancellationToken = default);

    /// <param name="progress">Rows read so far.</param>
    Task<LeadImportReport> RunAsync(DepartmentScope scope, Stream csv, LeadImportOptions options, bool dryRun, IProgress<int>? progress = null, CancellationToken cancellationToken = default);
}
