using Portal.Core.Departments;
using Portal.Core.Escalation;

namespace Portal.Tests.Core;

public class BusinessClockTests
{
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");

    private static readonly SendingHours Weekdays = new(new TimeOnly(9, 0), new TimeOnly(18, 0))
    {
        Days = [DaySendingHours.Closed(DayOfWeek.Saturday), DaySendingHours.Closed(DayOfWeek.Sunday)],
    };

    private static DateTime Utc(string at) => DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Theory]
    // Inside one day.
    [InlineData("2026-11-02T15:00:00Z", 15, "2026-11-02T15:15:00Z")]
    // Ten minutes before Friday's close: five more on Monday, after the weekend and the clocks going back.
    [InlineData("2026-10-30T22:50:00Z", 15, "2026-11-02T15:05:00Z")]
    // A text at night counts from the next opening.
    [InlineData("2026-11-03T02:00:00Z", 15, "2026-11-03T15:15:00Z")]
    // Longer than a business day (9 h): Monday 9:00 + 10 h is Tuesday 10:00.
    [InlineData("2026-11-02T15:00:00Z", 600, "2026-11-03T16:00:00Z")]
    // Exactly to the close.
    [InlineData("2026-11-02T23:45:00Z", 15, "2026-11-03T00:00:00Z")]
    // Spring forward: Friday 17:55 CST + 10 min is Monday 9:05 CDT.
    [InlineData("2026-03-06T23:55:00Z", 10, "2026-03-09T14:05:00Z")]
    public void Business_minutes_count_only_while_open_across_nights_weekends_and_DST(string from, int minutes, string expected)
    {
        Assert.Equal(Utc(expected), BusinessClock.AddMinutes(Utc(from), minutes, Weekdays, Chicago));
    }

    [Theory]
    // Inside one day.
    [InlineData("2026-11-02T15:00:00Z", "2026-11-02T15:15:00Z", 15)]
    // Across a closed night: ten minutes before Monday's close, ten after Tuesday's opening.
    [InlineData("2026-11-02T23:50:00Z", "2026-11-03T15:10:00Z", 20)]
    // Across a weekend and the clocks going back: Friday 17:50 CDT to Monday 9:05 CST.
    [InlineData("2026-10-30T22:50:00Z", "2026-11-02T15:05:00Z", 15)]
    // Across the clocks going forward: Friday 17:55 CST to Monday 9:05 CDT.
    [InlineData("2026-03-06T23:55:00Z", "2026-03-09T14:05:00Z", 10)]
    // A text at night answered before the opening took no business time.
    [InlineData("2026-11-03T02:00:00Z", "2026-11-03T14:00:00Z", 0)]
    // Nothing, or backwards.
    [InlineData("2026-11-02T15:00:00Z", "2026-11-02T15:00:00Z", 0)]
    [InlineData("2026-11-02T15:00:00Z", "2026-11-02T14:00:00Z", 0)]
    // A week and a day: five open days of nine hours, and one more hour.
    [InlineData("2026-11-02T15:00:00Z", "2026-11-09T16:00:00Z", 5 * 9 * 60 + 60)]
    public void Business_time_between_two_instants_counts_only_while_open(string from, string to, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), BusinessClock.Between(Utc(from), Utc(to), Weekdays, Chicago));
    }

    [Fact]
    public void The_night_the_clocks_go_back_counts_the_hour_that_happened_twice()
    {
        var nights = new SendingHours(new TimeOnly(0, 0), new TimeOnly(6, 0));

        // Sunday 1 November 2026, 00:00 CDT to 06:00 CST: seven hours passed.
        Assert.Equal(TimeSpan.FromHours(7), BusinessClock.Between(Utc("2026-11-01T05:00:00Z"), Utc("2026-11-01T12:00:00Z"), nights, Chicago));
    }

    [Fact]
    public void A_department_that_is_never_open_never_comes_due()
    {
        var never = new SendingHours(new TimeOnly(9, 0), new TimeOnly(18, 0)) { Days = [.. Enum.GetValues<DayOfWeek>().Select(DaySendingHours.Closed)] };

        Assert.Null(BusinessClock.AddMinutes(Utc("2026-11-02T15:00:00Z"), 15, never, Chicago));
        Assert.Equal(TimeSpan.Zero, BusinessClock.Between(Utc("2026-11-02T15:00:00Z"), Utc("2026-11-09T15:00:00Z"), never, Chicago));
    }

    [Fact]
    public void The_managers_level_comes_the_further_minutes_after_the_assignees()
    {
        var rules = new EscalationRules(15, 30);
        var since = Utc("2026-10-30T22:50:00Z");

        Assert.Equal(Utc("2026-11-02T15:05:00Z"), rules.DueAt(1, since, Weekdays, Chicago));
        Assert.Equal(Utc("2026-11-02T15:35:00Z"), rules.DueAt(2, since, Weekdays, Chicago));
        Assert.Null(new EscalationRules(15, null).DueAt(2, since, Weekdays, Chicago));
        Assert.Null(EscalationRules.Off.DueAt(1, since, Weekdays, Chicago));
    }

    [Theory]
    [InlineData(0, null, "NotifyAssigneeAfter")]
    [InlineData(10081, null, "NotifyAssigneeAfter")]
    [InlineData(15, 0, "NotifyManagersAfter")]
    [InlineData(null, 30, "NotifyManagersAfter")]
    public void Rules_out_of_bounds_say_which_field(int? assignee, int? managers, string field)
    {
        Assert.Equal([field], new EscalationRules(assignee, managers).Problems().Keys);
    }

    [Fact]
    public void Sound_rules_have_no_problems()
    {
        Assert.Empty(new EscalationRules(15, 30, true).Problems());
        Assert.Empty(EscalationRules.Off.Problems());
    }
}
