using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Departments;

public sealed class DepartmentInput : IValidatableObject
{
    [Required(ErrorMessage = "Name is required.")]
    [StringLength(80)]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Time zone is required.")]
    public string TimeZoneId { get; set; } = "America/New_York";

    public TimeSpan? SendingStart { get; set; } = SendingHours.LegalStart.ToTimeSpan();
    public TimeSpan? SendingEnd { get; set; } = SendingHours.LegalEnd.ToTimeSpan();

    /// <summary>Each day of the week, Monday first: the usual hours, other hours, or closed.</summary>
    public List<DayHoursInput> Days { get; set; } = [.. DayHoursInput.Week.Select(day => new DayHoursInput { Day = day })];

    [StringLength(320)]
    public string? HelpText { get; set; }

    /// <summary>Campaigns go only to customers whose opt-in is recorded (leads the records say nothing about are left out).</summary>
    public bool MarketingNeedsRecordedConsent { get; set; }

    /// <summary>Added to marketing texts; blank: "Reply STOP to opt out." It must say how to stop.</summary>
    [StringLength(Consent.OptOutLine.MaxLength, ErrorMessage = "The opt-out line can be at most 160 characters.")]
    public string? OptOutLine { get; set; }

    /// <summary>Stricter windows where the recipient's number is from, one per line: "US-FL 08:00-20:00".</summary>
    [StringLength(1000)]
    public string? StricterHours { get; set; }

    /// <summary>Days without automated or scheduled texts, in the recipient's time: "2026-12-25, 2027-01-01".</summary>
    [StringLength(1000)]
    public string? Holidays { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!DepartmentTimeZone.IsValid(TimeZoneId))
        {
            yield return new ValidationResult($"'{TimeZoneId}' is not a known time zone.", [nameof(TimeZoneId)]);
        }

        if (SendingStart is null || SendingEnd is null)
        {
            yield return new ValidationResult("Sending hours need a start and an end.", [nameof(SendingStart)]);
            yield break;
        }

        if (Days.FirstOrDefault(d => d.Hours == DayHoursKind.Other && (d.Start is null || d.End is null)) is { } unfinished)
        {
            yield return new ValidationResult($"{unfinished.Day}: give its own hours a start and an end, or use the usual hours.", [nameof(Days)]);
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(OptOutLine) && !Consent.OptOutLine.AlreadySays(OptOutLine))
        {
            yield return new ValidationResult("The opt-out line must say how to stop, with STOP or “opt out” (for example “Reply STOP to opt out.”).", [nameof(OptOutLine)]);
        }

        Sending.QuietHourRules.Parse(StricterHours, out var rulesError);
        if (rulesError is not null)
        {
            yield return new ValidationResult(rulesError, [nameof(StricterHours)]);
        }

        Sending.HolidayCalendar.Parse(Holidays, out var holidaysError);
        if (holidaysError is not null)
        {
            yield return new ValidationResult(holidaysError, [nameof(Holidays)]);
        }

        var hours = ToSendingHours();
        if (!hours.IsWithinLegalWindow)
        {
            yield return new ValidationResult("Sending hours must lie within 8:00–21:00 and start before they end, every day.", [nameof(SendingEnd)]);
        }

        if (!hours.IsOpenOnSomeDay)
        {
            yield return new ValidationResult("Open on at least one day: with every day closed, no automated text could ever go.", [nameof(Days)]);
        }
    }

    public SendingHours ToSendingHours() =>
        new(TimeOnly.FromTimeSpan(SendingStart ?? SendingHours.LegalStart.ToTimeSpan()), TimeOnly.FromTimeSpan(SendingEnd ?? SendingHours.LegalEnd.ToTimeSpan()))
        {
            Days = [.. Days.Where(d => d.Hours != DayHoursKind.Usual).Select(d => d.Hours == DayHoursKind.Closed
                ? DaySendingHours.Closed(d.Day)
                : new DaySendingHours(d.Day, TimeOnly.FromTimeSpan(d.Start!.Value), TimeOnly.FromTimeSpan(d.End!.Value)))],
        };

    /// <summary>The form's week for a department's hours.</summary>
    public static List<DayHoursInput> WeekOf(SendingHours hours) =>
    [
        .. DayHoursInput.Week.Select(day => hours.Days.FirstOrDefault(d => d.Day == day) is { } other
            ? new DayHoursInput { Day = day, Hours = other.IsClosed ? DayHoursKind.Closed : DayHoursKind.Other, Start = other.Start?.ToTimeSpan(), End = other.End?.ToTimeSpan() }
            : new DayHoursInput { Day = day }),
    ];

    public static DepartmentInput From(Department d) => new()
    {
        Name = d.Name,
        TimeZoneId = d.TimeZoneId,
        SendingStart = d.SendingHours.Start.ToTimeSpan(),
        SendingEnd = d.SendingHours.End.ToTimeSpan(),
        Days = WeekOf(d.SendingHours),
        HelpText = d.HelpText,
    };
}

public enum DayHoursKind
{
    Usual,
    Other,
    Closed,
}

/// <summary>One day of a department's week in its form.</summary>
public sealed class DayHoursInput
{
    public static readonly IReadOnlyList<DayOfWeek> Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public DayOfWeek Day { get; set; }
    public DayHoursKind Hours { get; set; }
    public TimeSpan? Start { get; set; }
    public TimeSpan? End { get; set; }
}
