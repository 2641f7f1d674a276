using Portal.Core.Messages;
using Portal.Core.Reports;

namespace Portal.Infrastructure.Reports;

public enum ActivityKind
{
    TextIn,
    TextOut,
    ConversationOpened,
    ConversationClosed,

    /// <summary>One row, no count: the hour from which every hour has been counted (the start of the history).</summary>
    CountedFrom,
}

/// <summary>
/// How many texts (or conversations) one hour held for one department and one combination of what the reports split
/// by. Rebuilt from the messages by <see cref="ActivityCounter"/>, so a report over a year sums a few thousand rows
/// instead of reading a million messages.
/// </summary>
public sealed class ActivityCount
{
    public long Id { get; set; }

    /// <summary>The start of a UTC hour.</summary>
    public DateTime HourStart { get; set; }

    public ActivityKind Kind { get; set; }
    public Guid DepartmentId { get; set; }

    /// <summary>The person who sent it (staff texts only).</summary>
    public Guid? UserId { get; set; }

    public Guid? ProviderAccountId { get; set; }

    /// <summary>Who wrote an outbound text.</summary>
    public TextOrigin? Origin { get; set; }

    /// <summary>An outbound text's status when counted.</summary>
    public MessageStatus? Status { get; set; }

    public FailureReason? FailureReason { get; set; }
    public int Count { get; set; }
}
