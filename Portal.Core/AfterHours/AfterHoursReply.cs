using System.Globalization;
using Portal.Core.Departments;
using Portal.Core.Sending;

namespace Portal.Core.AfterHours;

/// <summary>
/// The rule for the automatic answer to a customer who texts while the department is closed: at most one per
/// conversation per closed period, never to an opted-out number, never to a keyword (STOP, HELP), and not when someone
/// on staff answered the conversation in the last <see cref="StaffReplyGrace"/>.
/// </summary>
public static class AfterHoursReply
{
    public const int MaxLength = 480;

    /// <summary>A colleague who answered this recently is still in the conversation; the automatic reply stays out of it.</summary>
    public static readonly TimeSpan StaffReplyGrace = TimeSpan.FromMinutes(10);

    public const string AuthorName = "After-hours reply";

    public const string DefaultText = "Thanks for your text! {{ department.name }} is closed right now. We open {{ department.opens_at }} and will reply then.";

    /// <summary>When the department next opens if it is closed at <paramref name="utc"/>; null while it is open.</summary>
    public static DateTime? ClosedUntil(DateTime utc, SendingHours hours, TimeZoneInfo zone) =>
        SendingWindow.IsOpen(utc, hours, zone) ? null : SendingWindow.NextOpening(utc, hours, zone);

    /// <summary>
    /// The key that makes the reply once per conversation and closed period: a closed period is named by the opening
    /// that ends it, which every text in that period shares.
    /// </summary>
    public static string Key(Guid threadId, DateTime openingUtc) => $"after-hours:{threadId:N}:{openingUtc:yyyyMMddHHmm}";

    /// <summary>"today at 9:00 AM", "tomorrow at 9:00 AM", "Monday at 9:00 AM", or "on Dec 28 at 9:00 AM" past a week, in the department's time.</summary>
    public static string DescribeOpening(DateTime nowUtc, DateTime openingUtc, TimeZoneInfo zone)
    {
        var now = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
        var opening = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(openingUtc, DateTimeKind.Utc), zone);
        var time = opening.ToString("h:mm tt", CultureInfo.InvariantCulture);
        var days = (opening.Date - now.Date).Days;
        return days switch
        {
            0 => $"today at {time}",
            1 => $"tomorrow at {time}",
            < 7 => $"{opening:dddd} at {time}",
            _ => $"on {opening.ToString("MMM d", CultureInfo.InvariantCulture)} at {time}",
        };
    }
}
