using Portal.Core.Departments;

namespace Portal.Tests.Core;

public class SendingHoursTests
{
    [Theory]
    [InlineData(8, 0, true)]
    [InlineData(20, 59, true)]
    [InlineData(21, 0, false)]
    [InlineData(7, 59, false)]
    public void The_default_window_is_the_legal_one(int hour, int minute, bool inside)
    {
        Assert.Equal(inside, SendingHours.Default.Contains(new DateTime(2026, 11, 25, hour, minute, 0)));
    }

    [Theory]
    [InlineData(9, 18, true)]
    [InlineData(7, 18, false)]
    [InlineData(9, 22, false)]
    [InlineData(18, 9, false)]
    public void A_department_may_narrow_the_window_but_not_widen_it(int start, int end, bool valid)
    {
        Assert.Equal(valid, new SendingHours(new TimeOnly(start, 0), new TimeOnly(end, 0)).IsWithinLegalWindow);
    }

    [Fact]
    public void The_department_form_refuses_an_unknown_time_zone_and_illegal_hours()
    {
        var input = new DepartmentInput { Name = "Sales", TimeZoneId = "Mars/Olympus", SendingStart = TimeSpan.FromHours(6), SendingEnd = TimeSpan.FromHours(22) };

        var errors = input.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(input)).ToList();

        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DepartmentInput.TimeZoneId)));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DepartmentInput.SendingEnd)));
    }

    [Fact]
    public void Each_day_keeps_its_own_hours_and_a_closed_day_has_none()
    {
        var hours = new SendingHours(new TimeOnly(9, 0), new TimeOnly(18, 0))
        {
            Days = [new DaySendingHours(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(14, 0)), DaySendingHours.Closed(DayOfWeek.Sunday)],
        };

        // Wednesday 25, Saturday 28 and Sunday 29 November 2026.
        Assert.True(hours.Contains(new DateTime(2026, 11, 25, 17, 30, 0)));
        Assert.False(hours.Contains(new DateTime(2026, 11, 28, 17, 30, 0)));
        Assert.True(hours.Contains(new DateTime(2026, 11, 28, 10, 0, 0)));
        Assert.False(hours.Contains(new DateTime(2026, 11, 29, 12, 0, 0)));
        Assert.Null(hours.On(DayOfWeek.Sunday));
        Assert.True(hours.IsWithinLegalWindow);
        Assert.False((hours with { Days = [new DaySendingHours(DayOfWeek.Saturday, new TimeOnly(7, 0), new TimeOnly(12, 0))] }).IsWithinLegalWindow);
    }
}
