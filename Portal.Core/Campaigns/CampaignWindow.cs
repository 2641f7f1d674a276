using Portal.Core.Departments;

namespace Portal.Core.Campaigns;

/// <summary>
/// A campaign's hours: the department's, never outside 8:00–21:00 whatever the department says. Judged in the
/// recipient's time by the one rule, <see cref="Sending.RecipientWindow"/> (<c>For(department, customer, campaign: true)</c>).
/// </summary>
public static class CampaignWindow
{
    public static readonly SendingHours Outer = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    public static SendingHours For(SendingHours department) => department.Within(Outer.Start, Outer.End);
}
