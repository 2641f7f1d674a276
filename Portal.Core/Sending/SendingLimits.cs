namespace Portal.Core.Sending;

/// <summary>How far ahead anything may be scheduled: a text, a campaign's start. Surge schedules up to 60 days ahead; so do we.</summary>
public static class SendingLimits
{
    public const int MaxDaysAhead = 60;

    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(MaxDaysAhead);

    /// <summary>A moment from a minute ago (a clock a little behind) up to <see cref="MaxScheduleAhead"/> from <paramref name="utcNow"/>.</summary>
    public static bool IsSchedulable(DateTime utc, DateTime utcNow) => utc >= utcNow.AddMinutes(-1) && utc <= utcNow + MaxScheduleAhead;
}
