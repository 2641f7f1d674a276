using Portal.Core.Departments;
using Portal.Core.Sending;

namespace Portal.Core.Campaigns;

/// <summary>
/// When a campaign text may reach a recipient: the department's sending hours, in the recipient's time zone when it
/// is known, and never outside 8:00–21:00 there whatever the department says.
/// </summary>
public static class CampaignWindow
{
    public static readonly SendingHours Outer = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    public static SendingHours For(SendingHours department) => department.Within(Outer.Start, Outer.End);

    public static DateTime NextOpening(DateTime utc, SendingHours department, TimeZoneInfo recipientZone) =>
        SendingWindow.NextOpening(utc, For(department), recipientZone);

    public static bool IsOpen(DateTime utc, SendingHours department, TimeZoneInfo recipientZone) =>
        SendingWindow.IsOpen(utc, For(department), recipientZone);

    /// <summary>Open only when it is open in every zone the recipient may be in (an area code can span two).</summary>
    public static bool IsOpen(DateTime utc, SendingHours department, IReadOnlyList<TimeZoneInfo> recipientZones) =>
        RecipientWindow.Over(For(department), recipientZones).IsOpen(utc);

    /// <summary>The first moment from <paramref name="utc"/> on that is inside the window in every one of the zones.</summary>
    public static DateTime NextOpening(DateTime utc, SendingHours department, IReadOnlyList<TimeZoneInfo> recipientZones) =>
        RecipientWindow.Over(For(department), recipientZones).NextOpening(utc);

    /// <summary>The zones the recipient may be in (see <see cref="RecipientWindow"/>).</summary>
    public static IReadOnlyList<TimeZoneInfo> RecipientZones(string? customerZoneId, string? phone, TimeZoneInfo departmentZone) =>
        RecipientWindow.For(Outer, customerZoneId, phone, departmentZone).Zones;
}
