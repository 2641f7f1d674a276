using Portal.Core.Common;

namespace Portal.Core.Campaigns;

public enum CampaignStatus
{
    Draft,

    /// <summary>Its messages exist; sending starts at <see cref="Campaign.StartAt"/>.</summary>
    Scheduled,
    Running,
    Paused,
    Completed,
    Canceled,
}

/// <summary>
/// A text to many customers of one department. Scheduling it creates one outbound message per recipient in that
/// recipient's own thread; those messages carry the per-recipient state, and a runner job sends the due ones at the
/// throttle, inside each recipient's sending window.
/// </summary>
public class Campaign : Entity
{
    public Guid DepartmentId { get; set; }
    public Guid ProviderAccountId { get; set; }
    public required string Name { get; set; }
    public CampaignStatus Status { get; set; } = CampaignStatus.Draft;

    public CampaignAudience Audience { get; set; } = new();
    public List<CampaignVariant> Variants { get; set; } = [];

    /// <summary>The earliest moment the first text may go, in UTC.</summary>
    public DateTime StartAt { get; set; }
    public int MessagesPerMinute { get; set; } = 60;

    public Guid? CreatedByUserId { get; set; }
    public string? CreatedByName { get; set; }
    public DateTime? ScheduledAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int RecipientCount { get; set; }
    public int ExcludedCount { get; set; }

    /// <summary>While a runner job holds the campaign; another runner finding it held leaves it alone.</summary>
    public DateTime? RunnerLeaseUntil { get; set; }

    /// <summary>Which runner holds the lease.</summary>
    public Guid? RunnerId { get; set; }

    /// <summary>Bumped on every save: a status change and a runner's lease never overwrite each other.</summary>
    public int Revision { get; set; }

    public bool CanSend => Status is CampaignStatus.Scheduled or CampaignStatus.Running;
}

/// <param name="Key">"A", "B", …</param>
/// <param name="Percent">Share of the recipients, 1–100; the variants' shares add up to 100.</param>
public sealed record CampaignVariant(string Key, Guid? TemplateId, string Body, int Percent);
