using Portal.Core.Departments;
using Portal.Core.Sending;

namespace Portal.Tests.Core;

/// <summary>A department's stricter windows by where the number is from (Florida's 8 AM–8 PM) and its holidays, applied by the one rule.</summary>
public class QuietHourRulesTests
{
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");
    private static readonly SendingHours Hours = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    [Theory]
    [InlineData("+13055550101", "US-FL")] // Miami
    [InlineData("+13125550101", "US-IL")] // "Chicago, IL"
    [InlineData("+12065550101", "US-WA")] // "Washington State"
    [InlineData("+442071838750", "GB")]
    [InlineData("ACMEAUTO", null)]
    public void A_numbers_region_is_its_country_or_for_the_US_its_state(string phone, string? region) =>
        Assert.Equal(region, NumberRegion.Of(phone));

    [Fact]
    public void Rules_and_holidays_are_read_as_written_and_a_line_that_cannot_be_read_is_an_error_naming_it()
    {
        var rules = QuietHourRules.Parse("US-FL 08:00-20:00\n gb 09:00-20:00 ", out var error);
        Assert.Null(error);
        Assert.Equal([new QuietHourRule("US-FL", new TimeOnly(8, 0), new TimeOnly(20, 0)), new QuietHourRule("GB", new TimeOnly(9, 0), new TimeOnly(20, 0))], rules);

        Assert.Empty(QuietHourRules.Parse("Florida 8-8", out error));
        Assert.Equal("“Florida 8-8” is not a rule. Write a state or country and its hours, such as “US-FL 08:00-20:00”, one per line.", error);
        Assert.Empty(QuietHourRules.Parse("US-FL 20:00-08:00", out error));
        Assert.NotNull(error);

        Assert.Equal(["2026-12-25", "2027-01-01"], HolidayCalendar.Parse("2027-01-01, 2026-12-25", out error).Entries);
        Assert.Null(error);
        Assert.True(HolidayCalendar.Parse("Christmas", out error).IsEmpty);
        Assert.Equal("“Christmas” is not a date. Write dates as 2026-12-25, or 12-25 for every year, separated by commas.", error);
        Assert.True(HolidayCalendar.Parse("13-01", out error).IsEmpty);
        Assert.NotNull(error);
        var tooMany = string.Join(", ", Enumerable.Range(0, HolidayCalendar.MaxEntries + 1).Select(i => new DateOnly(2027, 1, 1).AddDays(i).ToString("yyyy-MM-dd")));
        Assert.True(HolidayCalendar.Parse(tooMany, out error).IsEmpty);
        Assert.Equal("List at most 100 holidays.", error);
    }

    [Fact]
    public void A_Florida_number_is_held_to_8_PM_its_time_while_a_New_York_number_goes_until_9()
    {
        IReadOnlyList<QuietHourRule> florida = [new("US-FL", new TimeOnly(8, 0), new TimeOnly(20, 0))];
        var at = new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc); // 8:30 PM Eastern

        var miami = RecipientWindow.For(Hours, null, "+13055550101", Chicago, florida);
        var newYork = RecipientWindow.For(Hours, null, "+12125550101", Chicago, florida);

        Assert.False(miami.IsOpen(at));
        Assert.True(newYork.IsOpen(at));
        Assert.Equal(new DateTime(2026, 11, 26, 13, 0, 0, DateTimeKind.Utc), miami.NextOpening(at)); // 8:00 AM Eastern
    }

    [Fact]
    public void On_a_holiday_nothing_goes_and_the_next_opening_is_the_morning_after_in_the_customers_time()
    {
        var christmas = new DateTime(2026, 12, 25, 16, 0, 0, DateTimeKind.Utc); // 11:00 AM Eastern, 10:00 AM Chicago
        var window = RecipientWindow.For(Hours, "America/New_York", null, Chicago, holidays: new HolidayCalendar([new DateOnly(2026, 12, 25)], []));

        Assert.False(window.IsOpen(christmas));
        Assert.Equal(new DateTime(2026, 12, 26, 13, 0, 0, DateTimeKind.Utc), window.NextOpening(christmas));
        Assert.Equal("It is 11:00 AM in New York for Ana (10:00 AM here; a holiday the department does not text on), outside the department's sending hours.",
            window.Explain(christmas, "Ana", Chicago, isNow: true));
    }

    [Fact]
    public void The_department_form_refuses_a_rule_or_a_date_it_cannot_read_and_an_opt_out_line_that_does_not_say_how_to_stop()
    {
        var input = new DepartmentInput { Name = "Sales", TimeZoneId = "America/Chicago", StricterHours = "FL all day", Holidays = "25/12", OptOutLine = "Call us to end these" };

        var errors = input.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(input)).ToList();

        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DepartmentInput.StricterHours)));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DepartmentInput.Holidays)));
        // An opt-out line that does not say how to stop is no opt-out line.
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DepartmentInput.OptOutLine)));
    }
    [Fact]
    public void A_day_listed_without_a_year_is_a_holiday_every_year_and_reads_back_the_same()
    {
        var calendar = HolidayCalendar.Parse("12-25, --01-01, 02-29, 2026-11-26", out var error);

        Assert.Null(error);
        Assert.True(calendar.Contains(new DateOnly(2026, 12, 25)));
        Assert.True(calendar.Contains(new DateOnly(2031, 12, 25)));
        Assert.True(calendar.Contains(new DateOnly(2028, 2, 29)));
        Assert.True(calendar.Contains(new DateOnly(2026, 11, 26)));
        Assert.False(calendar.Contains(new DateOnly(2027, 11, 26)));
        Assert.Equal(["01-01", "02-29", "12-25", "2026-11-26"], calendar.Entries);
        Assert.Equal(["--01-01", "--02-29", "--12-25", "2026-11-26"], calendar.Iso);
        Assert.Equal(calendar.Entries, HolidayCalendar.Parse(calendar.ToString(), out _).Entries);
    }

    [Fact]
    public void After_three_weeks_of_holidays_the_next_opening_is_the_first_morning_after_them()
    {
        var closed = string.Join(", ", Enumerable.Range(0, 21).Select(i => new DateOnly(2026, 12, 19).AddDays(i).ToString("yyyy-MM-dd")));
        var window = RecipientWindow.For(Hours, "America/New_York", null, Chicago, holidays: HolidayCalendar.Parse(closed, out _));

        // Saturday 19 December, 10:00 AM Eastern: closed until Saturday 9 January, 8:00 AM Eastern.
        Assert.Equal(new DateTime(2027, 1, 9, 13, 0, 0, DateTimeKind.Utc), window.NextOpening(new DateTime(2026, 12, 19, 15, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void The_sentence_names_the_stricter_rule_when_it_alone_closed_the_window()
    {
        IReadOnlyList<QuietHourRule> rules = [new("US", new TimeOnly(8, 0), new TimeOnly(21, 0)), new("US-FL", new TimeOnly(8, 0), new TimeOnly(20, 0))];
        var miami = RecipientWindow.For(Hours, null, "+13055550101", Chicago, rules);

        // 8:30 PM Eastern: the department's hours run to 9, Florida's to 8.
        Assert.Equal("It is 8:30 PM in New York for Nina (7:30 PM here), outside the hours the department keeps for Florida (8:00 AM–8:00 PM).",
            miami.Explain(new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc), "Nina", Chicago, isNow: true));
        // 9:30 PM Eastern: closed for everyone, so the department's hours are the reason.
        Assert.Equal("It is 9:30 PM in New York for Nina (8:30 PM here), outside the department's sending hours.",
            miami.Explain(new DateTime(2026, 11, 26, 2, 30, 0, DateTimeKind.Utc), "Nina", Chicago, isNow: true));
        Assert.Equal(("Florida", "the US", "United Kingdom"), (NumberRegion.Describe("US-FL"), NumberRegion.Describe("US"), NumberRegion.Describe("GB")));
    }
    [Fact]
    public void A_customer_who_moved_to_Florida_with_a_New_York_number_is_held_to_Florida_hours_too()
    {
        IReadOnlyList<QuietHourRule> florida = [new("US-FL", new TimeOnly(8, 0), new TimeOnly(20, 0))];
        var at = new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc); // 8:30 PM Eastern

        var moved = RecipientWindow.For(Hours, null, "+12125550101", Chicago, florida, customerRegion: "US-FL");
        var stayed = RecipientWindow.For(Hours, null, "+12125550101", Chicago, florida);

        Assert.False(moved.IsOpen(at));
        Assert.True(stayed.IsOpen(at));
        Assert.Contains("keeps for Florida (8:00 AM–8:00 PM)", moved.Explain(at, "Nina", Chicago, isNow: true));
    }

    [Theory]
    [InlineData("Florida", "US-FL")]
    [InlineData("us-fl", "US-FL")]
    [InlineData("gb", "GB")]
    [InlineData("US-ZZ", null)]
    [InlineData("XX", null)]
    [InlineData("Narnia", null)]
    public void A_place_is_read_from_its_code_or_a_states_name(string written, string? region)
    {
        Assert.Equal(region is not null, NumberRegion.TryRead(written, out var read));
        Assert.Equal(region, read);
    }
}
