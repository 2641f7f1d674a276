using Hangfire;
using Hangfire.States;
using Portal.Core.Abstractions;

namespace Portal.Infrastructure.Jobs;

/// <remarks>
/// Due times are handed to Hangfire as delays from the app's <see cref="TimeProvider"/>: Hangfire keeps its own
/// wall clock, and the portal's idea of "now" is the one that decides when a text is due.
/// </remarks>
internal sealed class HangfireJobScheduler(IBackgroundJobClient client, JobStorage storage, TimeProvider clock) : IJobScheduler
{
    private static readonly HashSet<string> LiveStates = [EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName];

    public string EnqueueSend(Guid messageId) => client.Enqueue<SendMessageJob>(job => job.RunAsync(messageId, CancellationToken.None));

    public string ScheduleSend(Guid messageId, DateTime atUtc) =>
        client.Schedule<SendMessageJob>(job => job.RunAsync(messageId, CancellationToken.None), DelayUntil(atUtc));

    public string ScheduleCampaignRun(Guid campaignId, DateTime atUtc) =>
        client.Schedule<CampaignRunJob>(job => job.RunAsync(campaignId, CancellationToken.None), DelayUntil(atUtc));

    public string ScheduleEventWebhook(Guid deliveryId, DateTime? atUtc = null) => atUtc is { } at
        ? client.Schedule<EventWebhookJob>(job => job.RunAsync(deliveryId, CancellationToken.None), DelayUntil(at))
        : client.Enqueue<EventWebhookJob>(job => job.RunAsync(deliveryId, CancellationToken.None));

    private TimeSpan DelayUntil(DateTime atUtc)
    {
        var delay = new DateTimeOffset(DateTime.SpecifyKind(atUtc, DateTimeKind.Utc)) - clock.GetUtcNow();
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    public bool JobsSurviveRestart => storage is not Hangfire.InMemory.InMemoryStorage;

    public bool IsPending(string? jobId)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            return false;
        }

        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        return state is not null && LiveStates.Contains(state.Name);
    }

    public bool HasFailed(string? jobId)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            return false;
        }

        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name == FailedState.StateName;
    }

    public void Delete(string? jobId)
    {
        if (!string.IsNullOrEmpty(jobId))
        {
            client.Delete(jobId);
        }
    }
}
