using Portal.Core.Common;

namespace Portal.Core.Reports;

/// <summary>
/// One answered wait: a customer's text (the first of those nobody had answered) and the first text a person sent
/// after it. Written with the answer, so reports count rows instead of reading conversations.
/// </summary>
public class ResponseTime : Entity
{
    public Guid ThreadId { get; set; }
    public Guid DepartmentId { get; set; }

    /// <summary>Who answered: null for a key of the integration API.</summary>
    public Guid? ResponderUserId { get; set; }

    public DateTime WaitedFrom { get; set; }
    public DateTime AnsweredAt { get; set; }

    /// <summary>Seconds on the wall clock, nights and weekends included.</summary>
    public int WallSeconds { get; set; }

    /// <summary>Seconds while the department was open (its hours, in its zone).</summary>
    public int BusinessSeconds { get; set; }

    /// <summary>The conversation's first answer since it began or was last reopened.</summary>
    public bool IsFirstResponse { get; set; }
}
