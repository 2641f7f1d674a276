using Portal.Core.Departments;

namespace Portal.Core.Escalation;

/// <summary>How long a customer's text may wait for an answer, in business minutes, before people are told.</summary>
/// <param name="NotifyAssigneeAfter">Minutes until the assignee (everyone in the department, when nobody has it) is told; null is off.</param>
/// <param name="NotifyManagersAfter">Further minutes until the department's managers are told; null is never.</param>
/// <param name="ReassignWithManagers">When managers are told, the conversation also goes to the next available member.</param>
public sealed record EscalationRules(int? NotifyAssigneeAfter, int? NotifyManagersAfter, bool ReassignWithManagers = false)
{
    /// <summary>A week of business minutes at most; a rule longer than a business day simply carries over.</summary>
    public const int MaxMinutes = 7 * 24 * 60;

    public static EscalationRules Off { get; } = new(null, null);

    public bool IsOn => NotifyAssigneeAfter is not null;

    /// <summary>Why the rules cannot be saved, field by field.</summary>
    public IReadOnlyDictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (NotifyAssigneeAfter is < 1 or > MaxMinutes)
        {
            problems[nameof(NotifyAssigneeAfter)] = [$"Use 1 to {MaxMinutes} business minutes."];
        }

        if (NotifyManagersAfter is < 1 or > MaxMinutes)
        {
            problems[nameof(NotifyManagersAfter)] = [$"Use 1 to {MaxMinutes} business minutes."];
        }
        else if (NotifyManagersAfter is not null && NotifyAssigneeAfter is null)
        {
            problems[nameof(NotifyManagersAfter)] = ["Managers are told after the assignee: set that first."];
        }

        return problems;
    }

    /// <summary>
    /// When a text unanswered since <paramref name="sinceUtc"/> reaches its next level (1: the assignee, 2: managers),
    /// or null when this level never comes.
    /// </summary>
    public DateTime? DueAt(int nextLevel, DateTime sinceUtc, SendingHours hours, TimeZoneInfo zone)
    {
        if (NotifyAssigneeAfter is not { } first)
        {
            return null;
        }

        var assignee = BusinessClock.AddMinutes(sinceUtc, first, hours, zone);
        return nextLevel switch
        {
            1 => assignee,
            2 when NotifyManagersAfter is { } more && assignee is { } at => BusinessClock.AddMinutes(at, more, hours, zone),
            _ => null,
        };
    }
}
