using Portal.Core.Campaigns;
using Portal.Core.Departments;

namespace Portal.Tests.Core;

public class CampaignWindowTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    [Fact]
    public void A_department_wider_than_8_to_21_is_held_to_it()
    {
        var wide = new SendingHours(new TimeOnly(6, 0), new TimeOnly(23, 0));
        Assert.Equal(new SendingHours(new TimeOnly(8, 0), new TimeOnly(21, 0)), CampaignWindow.For(wide));
        var narrow = new SendingHours(new TimeOnly(9, 30), new TimeOnly(18, 0));
        Assert.Equal(narrow, CampaignWindow.For(narrow));
    }

    [Fact]
    public void After_the_close_the_next_opening_is_the_next_morning_in_the_recipients_zone()
    {
        var at = new DateTime(2026, 11, 24, 3, 30, 0, DateTimeKind.Utc); // 21:30 Chicago, 22:30 New York, 19:30 Los Angeles
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc), CampaignWindow.NextOpening(at, SendingHours.Default, Chicago));
        Assert.Equal(new DateTime(2026, 11, 24, 13, 0, 0, DateTimeKind.Utc), CampaignWindow.NextOpening(at, SendingHours.Default, newYork));
        Assert.Equal(at, CampaignWindow.NextOpening(at, SendingHours.Default, losAngeles));
    }

    [Theory]
    [InlineData("America/Denver", "+13125550101", "America/Denver")] // the customer's own zone wins
    [InlineData(null, "+12065550101", "America/Los_Angeles")]        // Seattle's area code has one zone
    [InlineData(null, "ACMEAUTO", "America/Chicago")]                 // no number: the department's
    [InlineData("Not/AZone", "+12125550101", "America/New_York")]
    public void The_recipients_zone_is_their_own_else_their_numbers_else_the_departments(string? own, string phone, string expected) =>
        Assert.Equal([expected], CampaignWindow.RecipientZones(own, phone, Chicago).Select(z => z.Id));

    [Fact]
    public void A_number_whose_area_spans_two_zones_gets_texts_only_when_both_are_open()
    {
        // 208 is Idaho: Mountain time in the south, Pacific in the north.
        var zones = CampaignWindow.RecipientZones(null, "+12085550101", Chicago);
        Assert.Equal(["America/Boise", "America/Los_Angeles"], zones.Select(z => z.Id).Order());

        var eightMountain = new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc); // 7:00 in Los Angeles
        Assert.False(CampaignWindow.IsOpen(eightMountain, SendingHours.Default, zones));
        Assert.Equal(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), CampaignWindow.NextOpening(eightMountain, SendingHours.Default, zones));
        var halfPastNineMountain = new DateTime(2026, 11, 25, 4, 30, 0, DateTimeKind.Utc); // 20:30 in Los Angeles
        Assert.False(CampaignWindow.IsOpen(halfPastNineMountain, SendingHours.Default, zones));
        Assert.Equal(new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc), CampaignWindow.NextOpening(halfPastNineMountain, SendingHours.Default, zones));
    }
}
