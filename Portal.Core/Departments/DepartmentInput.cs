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

    [StringLength(320)]
    public string? HelpText { get; set; }

    /// <summary>Campaigns go only to customers whose opt-in is recorded (leads the records say nothing about are left out).</summary>
    public bool MarketingNeedsRecordedConsent { get; set; }

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

        var hours = ToSendingHours();
        if (!hours.IsWithinLegalWindow)
        {
            yield return new ValidationResult("Sending hours must lie within 8:00–21:00 and start before they end.", [nameof(SendingEnd)]);
        }
    }

    public SendingHours ToSendingHours() =>
        new(TimeOnly.FromTimeSpan(SendingStart ?? SendingHours.LegalStart.ToTimeSpan()), TimeOnly.FromTimeSpan(SendingEnd ?? SendingHours.LegalEnd.ToTimeSpan()));

    public static DepartmentInput From(Department d) => new()
    {
        Name = d.Name,
        TimeZoneId = d.TimeZoneId,
        SendingStart = d.SendingHours.Start.ToTimeSpan(),
        SendingEnd = d.SendingHours.End.ToTimeSpan(),
        HelpText = d.HelpText,
    };
}
