using Portal.Core.AfterHours;
using Portal.Core.Departments;

namespace Portal.Tests.Core;

public class AfterHoursReplyTests
{
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");

    // 9:00–18:00 on weekdays, closed at the weekend.
    private static readonly SendingHours Weekdays = new(new TimeOnly(9, 0), new TimeOnly(18, 0))
    {
        Days = [DaySendingHours.Closed(DayOfWeek.Saturday), DaySendingHours.Closed(DayOfWeek.Sunday)],
    };

    [Theory]
    // Friday 17:59:59 CDT is open; 18:00 is closed until Monday 9:00 CST (after the clocks went back on Sunday).
    [InlineData("2026-10-30T22:59:59Z", null)]
    [InlineData("2026-10-30T23:00:00Z", "2026-11-02T15:00:00Z")]
    [InlineData("2026-10-31T15:00:00Z", "2026-11-02T15:00:00Z")]
    [InlineData("2026-11-01T07:30:00Z", "2026-11-02T15:00:00Z")]
    [InlineData("2026-11-02T14:59:59Z", "2026-11-02T15:00:00Z")]
    [InlineData("2026-11-02T15:00:00Z", null)]
    [InlineData("2026-11-03T00:00:00Z", "2026-11-03T15:00:00Z")]
    public void A_closed_period_runs_from_closing_to_the_next_opening_across_a_weekend_and_a_DST_change(string at, string? opens)
    {
        var until = AfterHoursReply.ClosedUntil(DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal), Weekdays, Chicago);

        Assert.Equal(opens is null ? null : DateTime.Parse(opens, null, System.Globalization.DateTimeStyles.AdjustToUniversal), until);
    }

    [Fact]
    public void Every_text_of_one_closed_period_shares_its_key_and_the_next_period_has_another()
    {
        var thread = Guid.NewGuid();
        var friday = AfterHoursReply.Key(thread, AfterHoursReply.ClosedUntil(new DateTime(2026, 10, 31, 1, 0, 0, DateTimeKind.Utc), Weekdays, Chicago)!.Value);
        var sunday = AfterHoursReply.Key(thread, AfterHoursReply.ClosedUntil(new DateTime(2026, 11, 1, 18, 0, 0, DateTimeKind.Utc), Weekdays, Chicago)!.Value);
        var monday = AfterHoursReply.Key(thread, AfterHoursReply.ClosedUntil(new DateTime(2026, 11, 3, 2, 0, 0, DateTimeKind.Utc), Weekdays, Chicago)!.Value);

        Assert.Equal(friday, sunday);
        Assert.NotEqual(friday, monday);
        Assert.NotEqual(friday, AfterHoursReply.Key(Guid.NewGuid(), AfterHoursReply.ClosedUntil(new DateTime(2026, 10, 31, 1, 0, 0, DateTimeKind.Utc), Weekdays, Chicago)!.Value));
    }

    [Theory]
    [InlineData("2026-11-03T13:00:00Z", "2026-11-03T15:00:00Z", "today at 9:00 AM")]
    [InlineData("2026-11-03T02:00:00Z", "2026-11-03T15:00:00Z", "tomorrow at 9:00 AM")]
    [InlineData("2026-10-31T01:00:00Z", "2026-11-02T15:00:00Z", "Monday at 9:00 AM")]
    [InlineData("2026-12-20T01:00:00Z", "2026-12-28T15:00:00Z", "on Dec 28 at 9:00 AM")]
    public void The_opening_is_named_as_a_customer_reads_it_in_the_departments_time(string now, string opening, string words)
    {
        var utc = System.Globalization.DateTimeStyles.AdjustToUniversal;
        Assert.Equal(words, AfterHoursReply.DescribeOpening(DateTime.Parse(now, null, utc), DateTime.Parse(opening, null, utc), Chicago));
    }
}
