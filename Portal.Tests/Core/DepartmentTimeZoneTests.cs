using Portal.Core.Departments;

namespace Portal.Tests.Core;

/// <summary>A time picked on the department's clock (send later, move a scheduled text), on the nights the clocks change.</summary>
public class DepartmentTimeZoneTests
{
    [Theory]
    // An ordinary Wednesday: 10:00 AM Central Standard Time.
    [InlineData("2026-11-25 10:00", "2026-11-25T16:00:00Z")]
    // The fall-back night repeats 1:00–1:59 AM: the first 1:30 AM is still daylight time (UTC-5).
    [InlineData("2026-11-01 01:30", "2026-11-01T06:30:00Z")]
    [InlineData("2026-11-01 02:30", "2026-11-01T08:30:00Z")]
    // The spring-forward night goes from 1:59 AM to 3:00 AM.
    [InlineData("2027-03-14 01:59", "2027-03-14T07:59:00Z")]
    [InlineData("2027-03-14 03:00", "2027-03-14T08:00:00Z")]
    public void A_time_that_exists_is_the_instant_the_clock_shows_it_first(string local, string utc)
    {
        Assert.True(DepartmentTimeZone.TryToUtc(Parse(local), "America/Chicago", out var converted));

        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), converted);
        Assert.Equal(DateTimeKind.Utc, converted.Kind);
    }

    [Theory]
    [InlineData("2027-03-14 02:00")]
    [InlineData("2027-03-14 02:30")]
    [InlineData("2027-03-14 02:59")]
    public void A_time_the_clocks_skip_is_refused(string local)
    {
        Assert.False(DepartmentTimeZone.TryToUtc(Parse(local), "America/Chicago", out _));
        Assert.Equal("That time does not exist (the clocks change then). Pick another.", DepartmentTimeZone.SkippedTime);
    }

    private static DateTime Parse(string local) => DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
