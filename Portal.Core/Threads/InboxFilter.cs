namespace Portal.Core.Threads;

public sealed record InboxFilter
{
    public Guid? DepartmentId { get; init; }

    /// <summary>Null shows every status.</summary>
    public ThreadStatus? Status { get; init; } = ThreadStatus.Open;
    public bool AssignedToMe { get; init; }
    public bool UnreadOnly { get; init; }

    /// <summary>A name or part of a phone number.</summary>
    public string? Search { get; init; }
}
