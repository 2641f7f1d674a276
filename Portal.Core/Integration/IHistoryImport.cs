using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Integration;

/// <summary>One past message, in the DMS's terms: <c>type</c> OUTGOING, INCOMING or NOTE; <c>protocol</c> TEXT, EMAIL or VOICE_CALL.</summary>
public sealed record HistoryItem(
    string? SourceUuid, string? Type, string? Protocol, string? Body, string? Subject, DateTime? SentOn, DateTime? ReceivedOn,
    IReadOnlyList<string> AttachmentUrls, bool UpdateThreadTimestamp);

public sealed record HistoryProblem(string Code, string Description);

public sealed record HistoryItemResult(string? SourceUuid, Guid? MessageId, IReadOnlyList<HistoryProblem> Errors, IReadOnlyList<HistoryProblem> Warnings);

public sealed record HistoryImportResult(IReadOnlyList<HistoryItemResult> Items)
{
    public IReadOnlyList<string> Succeeded => [.. Items.Where(i => i.Errors.Count == 0 && i.SourceUuid is not null).Select(i => i.SourceUuid!)];
    public IReadOnlyList<string> Failed => [.. Items.Where(i => i.Errors.Count > 0).Select(i => i.SourceUuid ?? "")];
}

/// <summary>
/// Past conversation with a customer, brought in from a DMS: stored in the customer's conversation with the department
/// as history, never sent. Idempotent by <see cref="HistoryItem.SourceUuid"/>; one bad item never rejects the others.
/// </summary>
public interface IHistoryImport
{
    /// <exception cref="AccessDeniedException">The department is outside the scope.</exception>
    /// <exception cref="NotFoundException">No such customer.</exception>
    Task<HistoryImportResult> ImportAsync(DepartmentScope scope, Guid departmentId, Guid customerId, IReadOnlyList<HistoryItem> items, CancellationToken cancellationToken = default);
}
