using Portal.Core.Departments;
using Portal.Core.Sending;

namespace Portal.Tests.Core;

public class SendingWindowTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    [Theory]
    [InlineData("2026-11-23T21:00:00Z", true)]  // 15:00 CST
    [InlineData("2026-11-23T14:00:00Z", true)]  // 08:00 CST
    [InlineData("2026-11-23T13:59:00Z", false)] // 07:59 CST
    [InlineData("2026-11-24T03:00:00Z", false)] // 21:00 CST
    public void The_window_is_judged_in_the_departments_local_time(string utc, bool open) =>
        Assert.Equal(open, SendingWindow.IsOpen(DateTime.Parse(utc).ToUniversalTime(), SendingHours.Default, Chicago));

    [Fact]
    public void Inside_the_window_the_time_itself_is_the_opening()
    {
        var now = new DateTime(2026, 11, 23, 21, 0, 0, DateTimeKind.Utc);

        Assert.Equal(now, SendingWindow.NextOpening(now, SendingHours.Default, Chicago));
    }

    [Fact]
    public void After_hours_the_next_opening_is_tomorrow_morning_and_before_hours_this_morning()
    {
        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc),
            SendingWindow.NextOpening(new DateTime(2026, 11, 24, 4, 30, 0, DateTimeKind.Utc), SendingHours.Default, Chicago)); // 22:30 → 08:00
        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc),
            SendingWindow.NextOpening(new DateTime(2026, 11, 24, 11, 0, 0, DateTimeKind.Utc), SendingHours.Default, Chicago)); // 05:00 → 08:00
    }

    [Fact]
    public void After_saturdays_hours_a_closed_sunday_is_skipped_to_mondays_opening()
    {
        var hours = new SendingHours(new TimeOnly(9, 0), new TimeOnly(18, 0))
        {
            Days = [new DaySendingHours(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(14, 0)), DaySendingHours.Closed(DayOfWeek.Sunday)],
        };
        var saturdayAfternoon = new DateTime(2026, 11, 28, 21, 0, 0, DateTimeKind.Utc); // Sat 15:00 CST, after Saturday's 14:00

        Assert.False(SendingWindow.IsOpen(saturdayAfternoon, hours, Chicago));
        Assert.Equal(new DateTime(2026, 11, 30, 15, 0, 0, DateTimeKind.Utc), SendingWindow.NextOpening(saturdayAfternoon, hours, Chicago)); // Mon 09:00
        Assert.Equal(new DateTime(2026, 11, 28, 16, 0, 0, DateTimeKind.Utc),
            SendingWindow.NextOpening(new DateTime(2026, 11, 28, 14, 0, 0, DateTimeKind.Utc), hours, Chicago)); // Sat 08:00 → 10:00
        var neverOpen = hours with { Days = [.. Enum.GetValues<DayOfWeek>().Select(DaySendingHours.Closed)] };
        Assert.Equal(saturdayAfternoon.AddDays(7), SendingWindow.NextOpening(saturdayAfternoon, neverOpen, Chicago));
    }

    [Fact]
    public void Openings_follow_daylight_saving_changes()
    {
        // The night clocks go forward (8 March 2026): 08:00 CDT is 13:00 UTC, not 14:00.
        Assert.Equal(new DateTime(2026, 3, 8, 13, 0, 0, DateTimeKind.Utc),
            SendingWindow.NextOpening(new DateTime(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc), SendingHours.Default, Chicago));
        // The night they go back (1 November 2026): 08:00 CST is 14:00 UTC.
        Assert.Equal(new DateTime(2026, 11, 1, 14, 0, 0, DateTimeKind.Utc),
            SendingWindow.NextOpening(new DateTime(2026, 11, 1, 7, 0, 0, DateTimeKind.Utc), SendingHours.Default, Chicago));
    }

    [Fact]
    public void A_start_time_inside_a_dst_gap_moves_to_the_first_real_minute()
    {
        var hours = new SendingHours(new TimeOnly(2, 30), new TimeOnly(21, 0));

        var opening = SendingWindow.NextOpening(new DateTime(2026, 3, 8, 6, 0, 0, DateTimeKind.Utc), hours, Chicago); // 00:00 CST

        Assert.Equal(new DateTime(2026, 3, 8, 8, 0, 0, DateTimeKind.Utc), opening); // 03:00 CDT, the first minute after the gap
    }

    [Fact]
    public void Retry_delays_grow_with_jitter_and_honour_retry_after()
    {
        var options = new SendingOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(10) };
        var random = new Random(1);

        var first = options.RetryDelay(1, null, random);
        var third = options.RetryDelay(3, null, random);
        var capped = options.RetryDelay(20, null, random);

        Assert.InRange(first, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        Assert.InRange(third, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
        Assert.InRange(capped, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(15), options.RetryDelay(1, TimeSpan.FromMinutes(15), random));
    }
}
