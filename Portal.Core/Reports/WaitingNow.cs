using Portal.Core.Security;

namespace Portal.Core.Reports;

/// <summary>
/// A conversation whose last word is the customer's: an open conversation with a customer text no member of staff has
/// answered since (an automated text, a note or a campaign does not answer it).
/// </summary>
public sealed record WaitingConversation(
    Guid ThreadId,
    Guid DepartmentId,
    string DepartmentName,
    string CustomerName,
    string? AssigneeName,
    DateTime WaitingSince,
    string Preview,
    bool Overdue);

/// <summary>What is waiting now in the departments asked for: how many, since when the oldest, and the oldest first.</summary>
public sealed record WaitingNow(int Count, DateTime? OldestSince, IReadOnlyList<WaitingConversation> Oldest);

/// <summary>The departments and person a report is narrowed to, within what the caller may see.</summary>
public sealed record ReportFilter
{
    public Guid? DepartmentId { get; init; }

    /// <summary>Conversations assigned to this user.</summary>
    public Guid? UserId { get; init; }
}

/// <summary>Per department, for the metrics a monitoring system scrapes.</summary>
public sealed record DepartmentWaiting(Guid DepartmentId, string DepartmentName, int Count, DateTime? OldestSince);

/// <summary>Managers' reports, each computed in the database and limited to the caller's departments.</summary>
public interface IReports
{
    /// <summary>The waiting conversations, oldest first (at most <paramref name="take"/> of them listed).</summary>
    Task<WaitingNow> WaitingNowAsync(DepartmentScope scope, ReportFilter filter, int take = 50, CancellationToken cancellationToken = default);

    /// <summary>Every department's waiting count and oldest wait, for the metrics endpoint.</summary>
    Task<IReadOnlyList<DepartmentWaiting>> WaitingByDepartmentAsync(CancellationToken cancellationToken = default);
}
