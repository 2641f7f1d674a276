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
/// throttle, inside each recipient's sending window. The campaign guards its own lifecycle
/// (<see cref="CampaignStatusMachine"/>) and its runner's lease; a request its state does not allow is a
/// <see cref="DomainException"/> that says why.
/// </summary>
public class Campaign : Entity, IVersioned
{
    private Campaign()
    {
    }

    public Guid DepartmentId { get; private set; }
    public Guid ProviderAccountId { get; private set; }
    public string Name { get; private set; } = "";
    public CampaignStatus Status { get; private set; } = CampaignStatus.Draft;

    public CampaignAudience Audience { get; private set; } = new();
    public List<CampaignVariant> Variants { get; private set; } = [];

    /// <summary>The earliest moment the first text may go, in UTC.</summary>
    public DateTime StartAt { get; private set; }
    public int MessagesPerMinute { get; private set; } = 60;

    public Guid? CreatedByUserId { get; private set; }
    public string? CreatedByName { get; private set; }
    public DateTime? ScheduledAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public int RecipientCount { get; private set; }
    public int ExcludedCount { get; private set; }

    /// <summary>While a runner job holds the campaign; another runner finding it held leaves it alone.</summary>
    public DateTime? RunnerLeaseUntil { get; private set; }

    /// <summary>Which runner holds the lease.</summary>
    public Guid? RunnerId { get; private set; }

    /// <summary>Bumped on every save: a status change and a runner's lease never overwrite each other.</summary>
    public int Revision { get; private set; }

    public bool CanSend => Status is CampaignStatus.Scheduled or CampaignStatus.Running;

    public static Campaign NewDraft(string name, Guid? createdByUserId, string? createdByName) =>
        new() { Name = name, CreatedByUserId = createdByUserId, CreatedByName = createdByName };

    /// <summary>Sets what a draft says; once scheduled a campaign is paused or canceled, never edited.</summary>
    public void EditDraft(string name, Guid departmentId, Guid providerAccountId, List<CampaignVariant> variants, CampaignAudience audience, DateTime startAt, int messagesPerMinute)
    {
        if (Status != CampaignStatus.Draft)
        {
            throw new DomainException("This campaign has been scheduled; pause or cancel it instead of editing it.");
        }

        (Name, DepartmentId, ProviderAccountId, Variants, Audience, StartAt, MessagesPerMinute) =
            (name, departmentId, providerAccountId, variants, audience, startAt, messagesPerMinute);
    }

    /// <summary>Its messages now exist: sending starts at <paramref name="startAt"/>.</summary>
    public void Schedule(DateTime startAt, int recipients, int excluded, DateTime utcNow)
    {
        MoveTo(CampaignStatus.Scheduled, "This campaign has already been scheduled.");
        (ScheduledAt, StartAt, RecipientCount, ExcludedCount) = (utcNow, startAt, recipients, excluded);
    }

    /// <summary>The first batch is going out.</summary>
    public void MarkRunning()
    {
        if (Status == CampaignStatus.Scheduled)
        {
            Status = CampaignStatus.Running;
        }
    }

    public void Pause() => MoveTo(CampaignStatus.Paused, "Only a scheduled or running campaign can be paused.");

    public void Resume()
    {
        if (Status != CampaignStatus.Paused)
        {
            throw new DomainException("Only a paused campaign can be resumed.");
        }

        Status = CampaignStatus.Running;
    }

    public void Cancel(DateTime utcNow)
    {
        MoveTo(CampaignStatus.Canceled, "This campaign has already finished.");
        CompletedAt = utcNow;
    }

    /// <summary>Every text has gone or failed. False (and no change) for a campaign that is not sending.</summary>
    public bool TryComplete(DateTime utcNow)
    {
        if (!CanSend)
        {
            return false;
        }

        Status = CampaignStatus.Completed;
        CompletedAt = utcNow;
        return true;
    }

    /// <summary>True when a runner other than <paramref name="runnerId"/> holds the campaign at <paramref name="utcNow"/>.</summary>
    public bool HeldByAnother(Guid runnerId, DateTime utcNow) => RunnerId is { } owner && owner != runnerId && RunnerLeaseUntil > utcNow;

    /// <summary>Takes or renews the runner's lease until <paramref name="until"/>.</summary>
    public void TakeLease(Guid runnerId, DateTime until) => (RunnerId, RunnerLeaseUntil) = (runnerId, until);

    /// <summary>Gives the lease back; false when it is not (any more) this runner's to give.</summary>
    public bool ReleaseLease(Guid runnerId)
    {
        if (RunnerLeaseUntil is null || RunnerId != runnerId)
        {
            return false;
        }

        (RunnerId, RunnerLeaseUntil) = (null, null);
        return true;
    }

    private void MoveTo(CampaignStatus next, string refusal)
    {
        if (!CampaignStatusMachine.CanTransition(Status, next))
        {
            throw new DomainException(refusal);
        }

        Status = next;
    }
}

/// <param name="Key">"A", "B", …</param>
/// <param name="Percent">Share of the recipients, 1–100; the variants' shares add up to 100.</param>
public sealed record CampaignVariant(string Key, Guid? TemplateId, string Body, int Percent);
