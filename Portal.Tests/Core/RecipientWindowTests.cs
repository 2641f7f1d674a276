using Portal.Core.Departments;
using Portal.Core.Sending;

namespace Portal.Tests.Core;

/// <summary>
/// A Chicago department sending 8:00–21:00, texting customers in Honolulu, Los Angeles, New York and London and one
/// whose zone is unknown: the window is judged in each customer's own time, at its edges and across DST changes.
/// </summary>
public class RecipientWindowTests
{
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");
    private static readonly SendingHours Hours = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    private static RecipientWindow For(string? zone, string? phone = null) => RecipientWindow.For(Hours, zone, phone, Chicago);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Theory]
    // Wednesday 25 November (standard time everywhere): Honolulu UTC-10, Los Angeles -8, Chicago -6, New York -5, London 0.
    [InlineData("Pacific/Honolulu", 17, 59, false)] // 7:59 AM there
    [InlineData("Pacific/Honolulu", 18, 0, true)] // 8:00 AM there
    [InlineData("Pacific/Honolulu", 30, 59, true)] // next day 06:59 UTC: 8:59 PM there
    [InlineData("Pacific/Honolulu", 31, 0, false)] // 9:00 PM there
    [InlineData("America/Los_Angeles", 15, 59, false)]
    [InlineData("America/Los_Angeles", 16, 0, true)]
    [InlineData("America/Los_Angeles", 28, 59, true)]
    [InlineData("America/Los_Angeles", 29, 0, false)]
    [InlineData("America/New_York", 12, 59, false)]
    [InlineData("America/New_York", 13, 0, true)]
    [InlineData("America/New_York", 25, 59, true)]
    [InlineData("America/New_York", 26, 0, false)]
    [InlineData("Europe/London", 7, 59, false)]
    [InlineData("Europe/London", 8, 0, true)]
    [InlineData("Europe/London", 20, 59, true)]
    [InlineData("Europe/London", 21, 0, false)]
    [InlineData(null, 13, 59, false)] // unknown: the department's 7:59 AM
    [InlineData(null, 14, 0, true)]
    [InlineData(null, 26, 59, true)]
    [InlineData(null, 27, 0, false)]
    public void The_window_opens_and_closes_at_the_customers_own_8_and_9(string? zone, int utcHourFromMidnight, int minute, bool open)
    {
        var at = Utc(11, 25, 0).AddHours(utcHourFromMidnight).AddMinutes(minute);

        Assert.Equal(open, For(zone).IsOpen(at));
        // Its next opening is the same instant when open, else the customer's next 8:00.
        var next = For(zone).NextOpening(at);
        Assert.True(open ? next == at : next > at && For(zone).IsOpen(next) && !For(zone).IsOpen(next.AddMinutes(-1)));
    }

    [Fact]
    public void The_customers_zone_comes_from_the_record_then_the_number_then_the_department()
    {
        Assert.Equal((RecipientZoneSource.Customer, "Pacific/Honolulu"), (For("Pacific/Honolulu", "+13125550101").Source, For("Pacific/Honolulu", "+13125550101").KnownZone!.Id));
        // A Los Angeles number with no zone recorded.
        var byNumber = For(null, "+12135550101");
        Assert.Equal((RecipientZoneSource.Number, "America/Los_Angeles"), (byNumber.Source, byNumber.KnownZone!.Id));
        // A +1 number whose area is no area: libphonenumber places it anywhere in North America and the Pacific, whose
        // windows never meet; the department's zone stands in, as for no number at all.
        Assert.Equal(RecipientZoneSource.Department, For(null, "+15555550100").Source);
        // A zone that does not exist, and no number: the department's, said to be a stand-in.
        var unknown = For("Mars/Olympus_Mons");
        Assert.Equal((RecipientZoneSource.Department, null), (unknown.Source, unknown.KnownZone));
    }

    [Fact]
    public void The_sentence_names_the_customers_time_and_the_senders_only_when_they_differ()
    {
        // 9:32 PM in Chicago is 5:32 PM in Honolulu: open there, so no sentence is needed; at 3:32 AM Chicago it is 11:32 PM there.
        var evening = Utc(11, 26, 3, 32);
        Assert.True(For("Pacific/Honolulu").IsOpen(evening));
        Assert.Equal("It is 11:32 PM in Honolulu for Nina (3:32 AM here), outside the department's sending hours.",
            For("Pacific/Honolulu").Explain(Utc(11, 26, 9, 32), "Nina", Chicago, isNow: true));
        Assert.Equal("It is 9:32 PM in Chicago for Ana, outside the department's sending hours.",
            For("America/Chicago").Explain(evening, "Ana", Chicago, isNow: true));
        Assert.Equal("It is 9:32 PM for Sam (their time zone is not known, so the department's is used), outside the department's sending hours.",
            For(null).Explain(evening, "Sam", Chicago, isNow: true));
        Assert.Equal("8:00 AM in Los Angeles", For("America/Los_Angeles").LocalTime(For("America/Los_Angeles").NextOpening(Utc(11, 26, 9, 32))));
    }

    [Theory]
    // Sunday 1 November 2026, US clocks go back at 2:00 (Chicago 07:00 UTC; Los Angeles 09:00 UTC); 8:00 AM is then UTC-6 / UTC-8.
    [InlineData("America/Chicago", "2026-11-01T13:59:00Z", false)]
    [InlineData("America/Chicago", "2026-11-01T14:00:00Z", true)]
    [InlineData("America/Los_Angeles", "2026-11-01T15:59:00Z", false)]
    [InlineData("America/Los_Angeles", "2026-11-01T16:00:00Z", true)]
    // Sunday 8 March 2026, clocks go forward: 8:00 AM is UTC-5 in Chicago, UTC-7 in Los Angeles; 9 PM the same.
    [InlineData("America/Chicago", "2026-03-08T12:59:00Z", false)]
    [InlineData("America/Chicago", "2026-03-08T13:00:00Z", true)]
    [InlineData("America/Chicago", "2026-03-09T01:59:00Z", true)]
    [InlineData("America/Chicago", "2026-03-09T02:00:00Z", false)]
    [InlineData("America/Los_Angeles", "2026-03-08T14:59:00Z", false)]
    [InlineData("America/Los_Angeles", "2026-03-08T15:00:00Z", true)]
    // London changes on other days (29 March, 25 October): on 8 March it is still GMT.
    [InlineData("Europe/London", "2026-03-08T07:59:00Z", false)]
    [InlineData("Europe/London", "2026-03-08T08:00:00Z", true)]
    public void On_the_days_the_clocks_change_the_window_follows_the_customers_clock(string zone, string instant, bool open)
    {
        var at = DateTime.Parse(instant, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal(open, For(zone).IsOpen(at));
    }

    [Theory]
    [InlineData("Pacific/Honolulu")]
    [InlineData("America/Los_Angeles")]
    [InlineData("America/New_York")]
    [InlineData("Europe/London")]
    [InlineData(null)]
    public void The_composer_the_send_job_and_a_campaign_open_and_close_at_the_same_instants(string? zone)
    {
        var department = new Department { Name = "Sales", TimeZoneId = "America/Chicago", SendingHours = Hours };
        var customer = new Portal.Core.Customers.Customer { FirstName = "Nina", TimeZoneId = zone };
        // Every quarter hour of a standard-time week and of the spring DST week.
        var instants = Enumerable.Range(0, 7 * 96).Select(i => Utc(11, 23, 0).AddMinutes(15 * i))
            .Concat(Enumerable.Range(0, 7 * 96).Select(i => Utc(3, 5, 0).AddMinutes(15 * i)));
        foreach (var at in instants)
        {
            var composer = RecipientWindow.For(department.SendingHours, customer.TimeZoneId, customer.Phone, department.TimeZone).IsOpen(at);
            var sendJob = Portal.Infrastructure.Sending.RecipientGate.RecipientWindowOpening(at, department, customer) == at;
            var campaign = Portal.Infrastructure.Sending.RecipientGate.RecipientWindowOpening(at, department, customer, campaign: true) == at;
            Assert.True(composer == sendJob && sendJob == campaign, $"{at:u} for {zone ?? "an unknown zone"}: composer {composer}, send job {sendJob}, campaign {campaign}");
        }
    }
    [Fact]
    public void A_day_the_department_does_not_text_on_is_the_customers_day_and_the_sentence_says_so()
    {
        var weekdays = Hours with { Days = [DaySendingHours.Closed(DayOfWeek.Sunday)] };
        var honolulu = RecipientWindow.For(weekdays, "Pacific/Honolulu", null, Chicago);
        // Sunday 29 November, 10:00 AM in Honolulu (2:00 PM Sunday in Chicago).
        var sunday = Utc(11, 29, 20);

        Assert.False(honolulu.IsOpen(sunday));
        Assert.Equal(Utc(11, 30, 18), honolulu.NextOpening(sunday)); // Monday 8:00 AM in Honolulu
        Assert.Equal("It is 10:00 AM in Honolulu for Nina (2:00 PM here; the department does not text on Sundays), outside the department's sending hours.",
            honolulu.Explain(sunday, "Nina", Chicago, isNow: true));
        // Sunday 10:00 PM in Chicago is Sunday 6:00 PM in Honolulu: the department's hours would be open, her day is not.
        Assert.False(honolulu.IsOpen(Utc(11, 30, 4)));
    }
    [Fact]
    public void A_number_whose_area_spans_two_zones_is_open_only_when_open_in_both_and_the_sentence_says_why()
    {
        // Idaho's 208 is Boise (Mountain) and the panhandle (Pacific): 8:00 AM in Los Angeles is 9:00 AM in Boise.
        var idaho = For(null, "+12085550100");

        Assert.Equal((RecipientZoneSource.Number, null), (idaho.Source, idaho.KnownZone));
        Assert.False(idaho.IsOpen(Utc(11, 25, 15, 59)));
        Assert.True(idaho.IsOpen(Utc(11, 25, 16)));
        Assert.True(idaho.IsOpen(Utc(11, 26, 3, 59))); // 8:59 PM in Boise
        Assert.False(idaho.IsOpen(Utc(11, 26, 4)));
        Assert.Equal("It is 7:59 AM–8:59 AM for Ida (9:59 AM here; their number's area spans time zones), outside the department's sending hours.",
            idaho.Explain(Utc(11, 25, 15, 59), "Ida", Chicago, isNow: true));
    }

    [Fact]
    public void When_a_day_is_too_short_for_a_numbers_zones_to_meet_the_departments_zone_stands_in()
    {
        // Saturdays 10:00–10:30 only: Boise and Los Angeles, an hour apart, are never both open then.
        var shortSaturday = Hours with { Days = [new DaySendingHours(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(10, 30))] };
        var idaho = RecipientWindow.For(shortSaturday, null, "+12085550100", Chicago);

        Assert.Equal(RecipientZoneSource.Department, idaho.Source);
        // Saturday 28 November 10:10 AM in Chicago: open, and the next opening of any moment is found.
        Assert.True(idaho.IsOpen(Utc(11, 28, 16, 10)));
        Assert.Equal(Utc(11, 29, 14), idaho.NextOpening(Utc(11, 28, 16, 30))); // Sunday 8:00 AM in Chicago
    }
}
