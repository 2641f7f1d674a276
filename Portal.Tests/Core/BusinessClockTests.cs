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

    [Fact]
    public void A_department_that_is_never_open_never_comes_due()
    {
        var never = new SendingHours(new TimeOnly(9, 0), new TimeOnly(18, 0)) { Days = [.. Enum.GetValues<DayOfWeek>().Select(DaySendingHours.Closed)] };

        Assert.Null(BusinessClock.AddMinutes(Utc("2026-11-02T15:00:00Z"), 15, never, Chicago));
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
