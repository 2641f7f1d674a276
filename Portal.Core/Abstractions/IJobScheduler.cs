namespace Portal.Core.Abstractions;

/// <summary>Background work by id only: jobs re-read the database, so a lost or duplicated job is harmless.</summary>
public interface IJobScheduler
{
    string EnqueueSend(Guid messageId);

    string ScheduleSend(Guid messageId, DateTime atUtc);

    /// <summary>True while the job may still run (enqueued, scheduled, processing).</summary>
    bool IsPending(string? jobId);

    /// <summary>True when the job ran out of retries (it failed every time, before or while running).</summary>
    bool HasFailed(string? jobId);

    void Delete(string? jobId);

    /// <summary>Runs a campaign's runner at <paramref name="atUtc"/> (now when past); it sends the campaign's due messages in batches.</summary>
    string ScheduleCampaignRun(Guid campaignId, DateTime atUtc);

    /// <summary>Makes an attempt of an event webhook delivery at <paramref name="atUtc"/> (now when null or past).</summary>
    string ScheduleEventWebhook(Guid deliveryId, DateTime? atUtc = null);

    /// <summary>True when jobs outlive a restart of this process (a shared database storage, not an in-memory one).</summary>
    bool JobsSurviveRestart => false;
}
