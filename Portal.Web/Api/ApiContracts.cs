using Portal.Core.Departments;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Core.Sending;

namespace Portal.Web.Api;

/// <summary>A department the key may use.</summary>
/// <param name="SendingStart">Local time automated texts may start, e.g. <c>08:00</c>.</param>
/// <param name="SendingStart">Texts other than replies go between these hours, in the customer's own time.</param>
/// <param name="StricterHours">Narrower hours for numbers from a state or country, e.g. <c>US-FL 08:00-20:00</c>.</param>
/// <param name="Holidays">Days (in the customer's own time) on which nothing but replies goes: <c>2026-11-26</c>, or <c>--12-25</c> every year.</param>
/// <param name="OptOutLine">The line marketing texts, and the first text to a number that never texted, end with.</param>
public sealed record ApiDepartment(
    Guid Id, string Name, string TimeZone, string SendingStart, string SendingEnd, IReadOnlyList<string> StricterHours, IReadOnlyList<string> Holidays, string OptOutLine)
{
    public static ApiDepartment From(DepartmentSummary d) =>
        new(d.Id, d.Name, d.TimeZoneId, d.SendingHours.Start.ToString("HH:mm"), d.SendingHours.End.ToString("HH:mm"),
            [.. QuietHourRules.Parse(d.StricterHours, out _).Select(r => r.ToString())], HolidayCalendar.Parse(d.Holidays, out _).Iso,
            Core.Consent.OptOutLine.Of(d.OptOutLine));
}

/// <summary>A text to send now, or at <see cref="SendAt"/>. Give a body, attachments by URL, or a template.</summary>
/// <param name="Body">At most 1,600 characters. May be left out with a template.</param>
/// <param name="SendAt">When to send (ISO 8601 with offset); at most 60 days ahead. Automated texts keep to the department's sending hours.</param>
/// <param name="MediaUrls">Public http(s) addresses of images to attach.</param>
/// <param name="TemplateId">A template of the department, filled with the customer's merge fields when no body is given.</param>
/// <param name="IsReply">True when the text answers the customer's own text of the last 5 minutes: it goes now even outside the
/// sending hours (quiet hours do not cover replies). Otherwise, or when the customer has not just texted (422), it waits for
/// the customer's next opening and <c>sendAt</c> says when.</param>
public record ApiSendMessage(string? Body, DateTimeOffset? SendAt, IReadOnlyList<string>? MediaUrls, Guid? TemplateId, bool? IsReply = null);

/// <summary>A text to a number: the customer is found by it, or created.</summary>
/// <param name="To">The number in E.164, e.g. <c>+13125550101</c>.</param>
public sealed record ApiSendToNumber(string To, string? Body, DateTimeOffset? SendAt, IReadOnlyList<string>? MediaUrls, Guid? TemplateId, bool? IsReply = null)
    : ApiSendMessage(Body, SendAt, MediaUrls, TemplateId, IsReply);

public sealed record ApiMessage(
    Guid Id, Guid ThreadId, string Direction, string Kind, string Status, string Body, IReadOnlyList<string> MediaUrls,
    DateTime OccurredAt, DateTime? SendAt, DateTime? SentAt, DateTime? DeliveredAt, DateTime? FailedAt, string? FailureReason, string? FailureDetail,
    string AuthorType, string? AuthorName, Guid? CampaignId)
{
    public static ApiMessage From(Message m) => new(
        m.Id, m.ThreadId, m.Direction.ToString(), m.Kind.ToString(), m.Status.ToString(), m.Body, [.. m.Attachments.Select(a => a.Url)],
        m.OccurredAt, m.SendAt, m.SentAt, m.DeliveredAt, m.FailedAt, m.FailureReason?.ToString(), m.FailureDetail, m.AuthorType.ToString(), m.AuthorName, m.CampaignId);
}

/// <summary>One step of a message's life: when it reached a status.</summary>
public sealed record ApiStatusChange(string Status, DateTime At);

/// <summary>A message with the statuses it has been through, in order.</summary>
public sealed record ApiMessageDetail(ApiMessage Message, IReadOnlyList<ApiStatusChange> History)
{
    public static ApiMessageDetail From(Message m)
    {
        var steps = new (MessageStatus Status, DateTime? At)[]
        {
            (MessageStatus.Received, m.ReceivedAt), (MessageStatus.Scheduled, m.SendAt is not null && m.IsOutbound ? m.CreatedAt : null),
            (MessageStatus.Queued, m.QueuedAt), (MessageStatus.Sent, m.SentAt), (MessageStatus.Delivered, m.DeliveredAt),
            (m.Status == MessageStatus.Undelivered ? MessageStatus.Undelivered : MessageStatus.Failed, m.FailedAt), (MessageStatus.Canceled, m.CanceledAt),
        };
        return new ApiMessageDetail(ApiMessage.From(m), [.. steps.Where(s => s.At is not null).OrderBy(s => s.At).Select(s => new ApiStatusChange(s.Status.ToString(), s.At!.Value))]);
    }
}

/// <summary>A scheduled message moved to another time.</summary>
public sealed record ApiReschedule(DateTimeOffset SendAt);

public sealed record ApiThreadView(
    Guid Id, Guid DepartmentId, Guid CustomerId, string CustomerName, string? CustomerPhone, string Status,
    DateTime LastActivityAt, DateTime? LastInboundAt, string LastMessagePreview, Guid? AssigneeId)
{
    public static ApiThreadView From(ApiThread t) => new(
        t.Id, t.DepartmentId, t.CustomerId, t.CustomerName, t.CustomerPhone, t.Status.ToString(), t.LastActivityAt, t.LastInboundAt, t.LastMessagePreview, t.AssigneeId);
}

public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);
