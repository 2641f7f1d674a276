using System.Collections.Concurrent;
using Portal.Core.Abstractions;

namespace Portal.Tests.Support;

/// <summary>
/// Records the jobs the pipeline asks for instead of running them: a test plays the job server and calls the
/// dispatcher itself, which is what makes a duplicate or a concurrent run something a test can stage.
/// </summary>
public sealed class RecordingJobScheduler : IJobScheduler
{
    private int next;

    public ConcurrentQueue<(string JobId, Guid MessageId, DateTime? At)> Sends { get; } = new();
    public ConcurrentBag<string> Deleted { get; } = [];
    public ConcurrentDictionary<string, bool> Live { get; } = new();

    public string EnqueueSend(Guid messageId) => Record(messageId, null);

    public string ScheduleSend(Guid messageId, DateTime atUtc) => Record(messageId, atUtc);

    public bool IsPending(string? jobId) => jobId is not null && Live.TryGetValue(jobId, out var live) && live;

    public ConcurrentBag<string> Failed { get; } = [];

    public bool HasFailed(string? jobId) => jobId is not null && Failed.Contains(jobId);

    public void Delete(string? jobId)
    {
        if (jobId is not null)
        {
            Deleted.Add(jobId);
            Live[jobId] = false;
        }
    }

    public ConcurrentQueue<(Guid CampaignId, DateTime At)> CampaignRuns { get; } = new();

    public string ScheduleCampaignRun(Guid campaignId, DateTime atUtc)
    {
        CampaignRuns.Enqueue((campaignId, atUtc));
        return $"campaign-{Interlocked.Increment(ref next)}";
    }

    public ConcurrentQueue<(string JobId, Guid DeliveryId, DateTime? At)> EventWebhooks { get; } = new();

    public string ScheduleEventWebhook(Guid deliveryId, DateTime? atUtc = null)
    {
        var id = $"webhook-{Interlocked.Increment(ref next)}";
        EventWebhooks.Enqueue((id, deliveryId, atUtc));
        Live[id] = true;
        return id;
    }

    private string Record(Guid messageId, DateTime? at)
    {
        var id = $"job-{Interlocked.Increment(ref next)}";
        Sends.Enqueue((id, messageId, at));
        Live[id] = true;
        return id;
    }
}
