using Portal.Core.Messages;

namespace Portal.Core.Sending;

/// <summary>What the composer (or the API) asks to send.</summary>
public sealed record ComposeRequest(
    string Body,
    IReadOnlyList<Attachment>? Attachments = null,
    Guid? TemplateId = null,
    DateTime? SendAtUtc = null,
    bool Automated = false,
    bool ConfirmOutsideSendingHours = false,
    string? IdempotencyKey = null,
    AuthorType AuthorType = AuthorType.User);
