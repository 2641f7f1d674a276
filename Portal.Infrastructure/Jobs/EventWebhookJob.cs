using Hangfire;
using Portal.Infrastructure.EventWebhooks;

namespace Portal.Infrastructure.Jobs;

/// <summary>
/// Hangfire's handle on one attempt of an event webhook delivery, by id. The deliverer retries failed POSTs on its own
/// schedule; Hangfire's retries cover only failures to reach the database.
/// </summary>
public sealed class EventWebhookJob(EventWebhookDeliverer deliverer)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 15, 60], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(JobQueues.Default)]
    public Task RunAsync(Guid deliveryId, CancellationToken cancellationToken) => deliverer.DeliverAsync(deliveryId, cancellationToken);
}
