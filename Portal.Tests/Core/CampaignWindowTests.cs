using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Sending;

namespace Portal.Tests.Core;

/// <summary>A campaign's window: the one sending-window rule, with the department's hours held to 8:00–21:00.</summary>
public class CampaignWindowTests
{
    private static RecipientWindow For(string? zone, string? phone, SendingHours? hours = null) => RecipientWindow.For(
        new Department { Name = "Sales", TimeZoneId = "America/Chicago", SendingHours = hours ?? SendingHours.Default },
        new Customer { FirstName = "Nina", TimeZoneId = zone, Phone = phone },
        campaign: true);

    [Fact]
    public void A_department_wider_than_8_to_21_is_held_to_it()
    {
        var wide = new SendingHours(new TimeOnly(6, 0), new TimeOnly(23, 0));
        Assert.Equal(new SendingHours(new TimeOnly(8, 0), new TimeOnly(21, 0)), CampaignWindow.For(wide));
        var narrow = new SendingHours(new TimeOnly(9, 30), new TimeOnly(18, 0));
        Assert.Equal(narrow, CampaignWindow.For(narrow));
        // 7:00 AM in Chicago is inside a 6:00–23:00 department's hours, but not a campaign's.
        Assert.False(For("America/Chicago", null, wide).IsOpen(new DateTime(2026, 11, 24, 13, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void After_the_close_the_next_opening_is_the_next_morning_in_the_recipients_zone()
    {
        var at = new DateTime(2026, 11, 24, 3, 30, 0, DateTimeKind.Utc); // 21:30 Chicago, 22:30 New York, 19:30 Los Angeles

        Assert.Equal(new DateTime(2026, 11, 24, 14, 0, 0, DateTimeKind.Utc), For("America/Chicago", null).NextOpening(at));
        Assert.Equal(new DateTime(2026, 11, 24, 13, 0, 0, DateTimeKind.Utc), For("America/New_York", null).NextOpening(at));
        Assert.Equal(at, For("America/Los_Angeles", null).NextOpening(at));
    }

    [Theory]
    [InlineData("America/Denver", "+13125550101", "America/Denver")] // the customer's own zone wins
    [InlineData(null, "+12065550101", "America/Los_Angeles")]        // Seattle's area code has one zone
    [InlineData(null, "ACMEAUTO", "America/Chicago")]                 // no number: the department's
    [InlineData("Not/AZone", "+12125550101", "America/New_York")]
    public void The_recipients_zone_is_their_own_else_their_numbers_else_the_departments(string? own, string phone, string expected) =>
        Assert.Equal([expected], For(own, phone).Zones.Select(z => z.Id));

    [Fact]
    public void A_number_whose_area_spans_two_zones_gets_texts_only_when_both_are_open()
    {
        // 208 is Idaho: Mountain time in the south, Pacific in the north.
        var idaho = For(null, "+12085550101");
        Assert.Equal(["America/Boise", "America/Los_Angeles"], idaho.Zones.Select(z => z.Id).Order());

        var eightMountain = new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc); // 7:00 in Los Angeles
        Assert.False(idaho.IsOpen(eightMountain));
        Assert.Equal(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), idaho.NextOpening(eightMountain));
        var halfPastNineMountain = new DateTime(2026, 11, 25, 4, 30, 0, DateTimeKind.Utc); // 20:30 in Los Angeles
        Assert.False(idaho.IsOpen(halfPastNineMountain));
        Assert.Equal(new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc), idaho.NextOpening(halfPastNineMountain));
    }
}
