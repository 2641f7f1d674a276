using Portal.Core.Customers;
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

    public static SendingHours For(SendingHours department) => new(
        department.Start > Outer.Start ? department.Start : Outer.Start,
        department.End < Outer.End ? department.End : Outer.End);

    public static DateTime NextOpening(DateTime utc, SendingHours department, TimeZoneInfo recipientZone) =>
        SendingWindow.NextOpening(utc, For(department), recipientZone);

    public static bool IsOpen(DateTime utc, SendingHours department, TimeZoneInfo recipientZone) =>
        SendingWindow.IsOpen(utc, For(department), recipientZone);

    /// <summary>The customer's own zone, else the zone of their number's area when it has only one, else the department's.</summary>
    public static TimeZoneInfo RecipientZone(string? customerZoneId, string? phone, TimeZoneInfo departmentZone)
    {
        if (customerZoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(customerZoneId, out var own))
        {
            return own;
        }

        if (phone is { Length: > 1 } && phone[0] == '+')
        {
            try
            {
                var number = PhoneNumbers.PhoneNumberUtil.GetInstance().Parse(phone, null);
                var zones = PhoneNumbers.PhoneNumberToTimeZonesMapper.GetInstance().GetTimeZonesForNumber(number);
                if (zones.Count == 1 && TimeZoneInfo.TryFindSystemTimeZoneById(zones[0], out var area))
                {
                    return area;
                }
            }
            catch (PhoneNumbers.NumberParseException)
            {
            }
        }

        return departmentZone;
    }
}
