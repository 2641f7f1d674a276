using Portal.Core.Messages;

namespace Portal.Core.Sending;

/// <summary>
/// What the composer (or the API) asks to send. <paramref name="IsReply"/>: an automated sender answering the
/// customer's own text of the last few minutes (<see cref="SendingLimits.ReplyGrace"/>), which quiet hours do not cover.
/// </summary>
public sealed record ComposeRequest(
    string Body,
    IReadOnlyList<Attachment>? Attachments = null,
    Guid? TemplateId = null,
    DateTime? SendAtUtc = null,
    bool Automated = false,
    bool ConfirmOutsideSendingHours = false,
    string? IdempotencyKey = null,
    AuthorType AuthorType = AuthorType.User,
    bool IsReply = false);
