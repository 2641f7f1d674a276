using Hangfire;
using Portal.Infrastructure.Sending;

namespace Portal.Infrastructure.Jobs;

/// <summary>
/// Hangfire's handle on one send. It takes only the message id and is safe to run twice. Hangfire's own retries
/// cover only failures before the claim (the database was away); provider failures are retried by the dispatcher.
/// A job that fails every retry stays Failed, and the sweep then fails its message rather than retrying forever.
/// </summary>
public sealed class SendMessageJob(MessageDispatcher dispatcher)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 15, 60], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(JobQueues.Sending)]
    public Task RunAsync(Guid messageId, CancellationToken cancellationToken) => dispatcher.DispatchAsync(messageId, cancellationToken);
}
