using Portal.Core.Common;

namespace Portal.Core.Departments;

public class Department : Entity
{
    public required string Name { get; set; }

    /// <summary>IANA or Windows time zone id; dates in this department's inbox are shown in it.</summary>
    public string TimeZoneId { get; set; } = "America/New_York";

    private SendingHours sendingHours = SendingHours.Default;

    /// <summary>The usual hours with the days that differ (<see cref="SendingDays"/>).</summary>
    public SendingHours SendingHours
    {
        get => sendingHours with { Days = SendingDays };
        set
        {
            sendingHours = value;
            SendingDays = [.. value.Days];
        }
    }

    /// <summary>The days whose sending hours are not the usual ones (stored apart from the usual hours).</summary>
    public List<DaySendingHours> SendingDays { get; set; } = [];

    /// <summary>How a marketing text tells the customer to stop; null: "Reply STOP to opt out."</summary>
    public string? OptOutLine { get; set; }

    /// <summary>Stricter windows by where the recipient's number is from, as the admin wrote them ("US-FL 08:00-20:00").</summary>
    public string? StricterHours { get; set; }

    /// <summary>Days nothing automated or scheduled is sent, in the recipient's time ("2026-12-25, 2027-01-01").</summary>
    public string? Holidays { get; set; }

    public IReadOnlyList<Sending.QuietHourRule> StricterRules => Sending.QuietHourRules.Parse(StricterHours, out _);

    public Sending.HolidayCalendar HolidayDates => Sending.HolidayCalendar.Parse(Holidays, out _);

    /// <summary>Reply sent when a customer texts HELP.</summary>
    public string? HelpText { get; set; }

    public Guid? DefaultProviderAccountId { get; set; }

    /// <summary>Marketing (campaigns) goes only to customers whose opt-in is recorded, not to those the records say nothing about.</summary>
    public bool MarketingNeedsRecordedConsent { get; set; }

    public List<DepartmentMember> Members { get; set; } = [];

    /// <summary>Only a conversation's assignee texts its customer; the others take it over first (one click, recorded).</summary>
    public bool AssigneeOnlyReplies { get; set; }

    /// <summary>How long a customer's text may wait unanswered before the assignee, then managers, are told.</summary>
    public Escalation.EscalationRules Escalation { get; set; } = Core.Escalation.EscalationRules.Off;

    /// <summary>The template answered, once per closed period, to a customer who texts while the department is closed; null is off.</summary>
    public string? AfterHoursReply { get; set; }

    /// <summary>How new conversations are handed out (managers set it).</summary>
    public Assignment.AssignmentMode AssignmentMode { get; set; }

    /// <summary>Moves on with every automatic assignment; assigners on any instance take a turn only from the one they read.</summary>
    public long AssignmentTurn { get; set; }

    /// <summary>Who automatic assignment gave the last conversation to; the next turn starts after them.</summary>
    public Guid? LastAutoAssigneeId { get; set; }

    public TimeZoneInfo TimeZone => DepartmentTimeZone.Find(TimeZoneId);
}
