using Portal.Core.Common;
using Portal.Core.Security;

namespace Portal.Core.Audit;

public enum AuditAction
{
    Assigned,
    Unassigned,
    TookOver,
    ClaimedByReply,
    AssignedAutomatically,
    Closed,
    Reopened,
    Snoozed,
    Escalated,
    ConsentChanged,
    TeamSettingsChanged,
    DepartmentChanged,
    UserChanged,
    UserLocked,
    UserUnlocked,
    LabelsChanged,
}

/// <summary>One change people may later ask about: who did what, when, and to which conversation or setting. Written in the change's own transaction.</summary>
public class AuditEntry : Entity
{
    public const int MaxSummaryLength = 500;

    public DateTime At { get; set; }
    public AuditAction Action { get; set; }

    /// <summary>Null for the portal itself (automatic assignment, escalation, a customer's keyword).</summary>
    public Guid? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public Guid? DepartmentId { get; set; }
    public Guid? ThreadId { get; set; }
    public required string Summary { get; set; }
}

public sealed record AuditEntryView(Guid Id, DateTime At, AuditAction Action, string ActorName, string? DepartmentName, Guid? ThreadId, string Summary);

public sealed record AuditFilter
{
    public AuditAction? Action { get; init; }
    public Guid? DepartmentId { get; init; }
    public Guid? ThreadId { get; init; }

    /// <summary>Words in the summary or the actor's name.</summary>
    public string? Search { get; init; }
}

/// <summary>The audit trail: every department's for admins; one conversation's for whoever may open it.</summary>
public interface IAuditTrail
{
    /// <exception cref="AccessDeniedException">Not an admin and not asking about a conversation of their department.</exception>
    Task<PagedResult<AuditEntryView>> ListAsync(DepartmentScope scope, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default);
}
