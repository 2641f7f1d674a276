namespace Portal.Core.Sending;

/// <summary>How far ahead anything may be scheduled: a text, a campaign's start. Surge schedules up to 60 days ahead; so do we.</summary>
public static class SendingLimits
{
    public const int MaxDaysAhead = 60;

    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(MaxDaysAhead);

    /// <summary>How recent the customer's own text must be for an automated answer to go outside the sending hours.</summary>
    public static readonly TimeSpan ReplyGrace = TimeSpan.FromMinutes(5);

    public static readonly string NotAReply =
        $"Only a text sent now that answers the customer's own text of the last {ReplyGrace.TotalMinutes:0} minutes is a reply; this one would wait for the sending hours like any other.";

    /// <summary>A moment from a minute ago (a clock a little behind) up to <see cref="MaxScheduleAhead"/> from <paramref name="utcNow"/>.</summary>
    public static bool IsSchedulable(DateTime utc, DateTime utcNow) => utc >= utcNow.AddMinutes(-1) && utc <= utcNow + MaxScheduleAhead;
}
