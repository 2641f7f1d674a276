using Portal.Core.Messages;

namespace Portal.Core.Threads;

public sealed record ThreadListItem(
    Guid Id,
    Guid DepartmentId,
    string DepartmentName,
    string TimeZoneId,
    Guid CustomerId,
    string CustomerName,
    string? CustomerPhone,
    string Preview,
    MessageDirection? LastDirection,
    DateTime LastActivityAt,
    ThreadStatus Status,
    Guid? AssigneeId,
    string? AssigneeName,
    int UnreadCount,
    bool CustomerOptedOut,
    string? MatchingText = null,
    string? LastAuthorName = null,
    bool Overdue = false)
{
    /// <summary>Its labels, by name.</summary>
    public IReadOnlyList<Labels.LabelView> Labels { get; init; } = [];
}

public sealed record DepartmentInboxCount(Guid DepartmentId, string Name, int OpenThreads, int UnreadThreads)
{
    /// <summary>The department's zone, for rows the inbox adds from live events.</summary>
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>Open conversations whose customer has waited past the department's limit.</summary>
    public int OverdueThreads { get; init; }
}
