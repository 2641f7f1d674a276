using Portal.Core.Security;

namespace Portal.Core.Assignment;

/// <summary>A department's team rules as its managers see and set them.</summary>
public interface ITeamSettings
{
    /// <summary>The departments the caller manages (all for an admin).</summary>
    Task<IReadOnlyList<TeamSettingsView>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default);

    /// <summary>Saves the rules; a member of staff or a manager of another department is refused.</summary>
    Task SaveAsync(DepartmentScope scope, Guid departmentId, TeamSettingsInput input, Common.Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Marks the user away (no new conversations are given to them) or back.</summary>
    Task SetAwayAsync(Guid userId, bool away, CancellationToken cancellationToken = default);

    Task<bool> IsAwayAsync(Guid userId, CancellationToken cancellationToken = default);
}

public sealed record TeamSettingsView(Guid DepartmentId, string DepartmentName, AssignmentMode Mode, IReadOnlyList<TeamMemberView> Members)
{
    /// <summary>The department's hours in words ("9:00 AM – 6:00 PM; Sunday closed"), which after-hours and escalation go by.</summary>
    public string Hours { get; init; } = "";

    public string TimeZoneId { get; init; } = "";

    public string? AfterHoursReply { get; init; }

    public Escalation.EscalationRules Escalation { get; init; } = Core.Escalation.EscalationRules.Off;

    public bool AssigneeOnlyReplies { get; init; }
}

public sealed record TeamMemberView(Guid UserId, string Name, int? Capacity, int OpenConversations, bool IsAway, bool IsOnline);

public sealed class TeamSettingsInput
{
    public const int MaxCapacity = 500;

    public AssignmentMode Mode { get; set; }

    /// <summary>Per member: the most open conversations assignment gives them (null: no limit; 0: none).</summary>
    public Dictionary<Guid, int?> Capacities { get; set; } = [];

    /// <summary>The template answered to a customer who texts while the department is closed; empty is off.</summary>
    public string? AfterHoursReply { get; set; }

    /// <summary>Only the assignee texts the customer; others take the conversation over first.</summary>
    public bool AssigneeOnlyReplies { get; set; }

    /// <summary>Business minutes a customer's text may wait before its assignee is told; empty is off.</summary>
    public int? NotifyAssigneeAfter { get; set; }

    /// <summary>Further business minutes before the department's managers are told; empty is never.</summary>
    public int? NotifyManagersAfter { get; set; }

    /// <summary>When managers are told, hand the conversation to the next available member too.</summary>
    public bool ReassignWithManagers { get; set; }

    public Escalation.EscalationRules Escalation => new(NotifyAssigneeAfter, NotifyManagersAfter, ReassignWithManagers && NotifyManagersAfter is not null);
}
