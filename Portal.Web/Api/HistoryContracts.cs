using Portal.Core.Integration;

namespace Portal.Web.Api;

/// <summary>A batch of past messages, in the DMS communications shape (<c>saveMessageRequestList</c>).</summary>
public sealed record ApiHistoryRequest(IReadOnlyList<ApiHistoryItem>? SaveMessageRequestList);

/// <param name="SourceUuid">The DMS's id of the message: a repeat with the same id changes nothing.</param>
public sealed record ApiHistoryItem(string? SourceUuid, DateTime? SentOn, DateTime? ReceivedOn, ApiHistoryAttributes? MessageAttributes)
{
    /// <summary>What a <c>null</c> in the list stands for: an item with nothing in it, refused on its own.</summary>
    public static readonly ApiHistoryItem Empty = new(null, null, null, null);

    public HistoryItem ToItem() => new(
        SourceUuid, MessageAttributes?.Type, MessageAttributes?.Protocol, MessageAttributes?.Body, MessageAttributes?.Subject, SentOn, ReceivedOn,
        [.. (MessageAttributes?.Attachments ?? []).Select(a => a?.FileUrl ?? "")], MessageAttributes?.UpdateThreadTimestamp ?? false);
}

/// <param name="Type">OUTGOING, INCOMING or NOTE (DRAFT and DISCARDED_DRAFT are refused per item).</param>
/// <param name="Protocol">TEXT, EMAIL, VOICE_CALL or NONE.</param>
/// <param name="UpdateThreadTimestamp">When true, a newer imported message moves the conversation up the inbox.</param>
public sealed record ApiHistoryAttributes(string? Body, string? Type, string? Protocol, string? Subject, IReadOnlyList<ApiHistoryAttachment>? Attachments, bool? UpdateThreadTimestamp);

public sealed record ApiHistoryAttachment([property: System.Text.Json.Serialization.JsonPropertyName("fileURL")] string? FileUrl, string? MimeType, string? OriginalFileName);

public sealed record ApiHistoryProblem(string ErrorCode, string ErrorDescription);

public sealed record ApiHistoryWarning(string WarningCode, string WarningDescription);

public sealed record ApiHistoryItemResult(string? SourceUuid, Guid? MessageUuid, IReadOnlyList<ApiHistoryProblem> Errors, IReadOnlyList<ApiHistoryWarning> Warnings);

/// <summary>Per item: the message made (or found), or why not. <c>succesfullySubmittedSourceUuids</c> keeps the DMS's spelling.</summary>
public sealed record ApiHistoryResponse(
    IReadOnlyList<ApiHistoryItemResult> SaveMessageResponse,
    [property: System.Text.Json.Serialization.JsonPropertyName("succesfullySubmittedSourceUuids")] IReadOnlyList<string> SuccesfullySubmittedSourceUuids,
    IReadOnlyList<string> FailedSourceUuids)
{
    public static ApiHistoryResponse From(HistoryImportResult result) => new(
        [.. result.Items.Select(i => new ApiHistoryItemResult(i.SourceUuid, i.MessageId,
            [.. i.Errors.Select(e => new ApiHistoryProblem(e.Code, e.Description))], [.. i.Warnings.Select(w => new ApiHistoryWarning(w.Code, w.Description))]))],
        result.Succeeded, result.Failed);
}
