using Portal.Core.Threads;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Threads;

/// <summary>Every minute, threads whose snooze has run out come back to the inbox.</summary>
internal sealed class SnoozeWakeUp(IThreadService threads) : IRecurringWork
{
    public string Name => "snooze-wake-up";

    public Task RunOnceAsync(CancellationToken cancellationToken) => threads.WakeSnoozedAsync(cancellationToken);
}
