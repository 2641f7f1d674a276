namespace Portal.Core.Threads;

public sealed record InboxFilter
{
    public Guid? DepartmentId { get; init; }

    /// <summary>Null shows every status.</summary>
    public ThreadStatus? Status { get; init; } = ThreadStatus.Open;
    public bool AssignedToMe { get; init; }
    public bool UnreadOnly { get; init; }

    /// <summary>Only conversations whose customer has waited past the department's limit for an answer.</summary>
    public bool OverdueOnly { get; init; }

    /// <summary>Only conversations with this label.</summary>
    public Guid? LabelId { get; init; }

    /// <summary>A name or part of a phone number.</summary>
    public string? Search { get; init; }

    /// <summary>
    /// What a list shows for this filter: a search looks through snoozed and closed conversations too (a customer's old
    /// conversation is what people search for), unless a status other than the default Open was picked.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public InboxFilter Shown => !string.IsNullOrWhiteSpace(Search) && Status == ThreadStatus.Open ? this with { Status = null } : this;

    /// <summary>A search widened past Open by <see cref="Shown"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool SearchesEveryStatus => Shown.Status is null && Status is not null;
}
