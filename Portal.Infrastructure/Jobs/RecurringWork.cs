using Hangfire;

namespace Portal.Infrastructure.Jobs;

/// <summary>Work a module wants run every minute on one job server (a provider's sync, say), registered without naming the module here.</summary>
public interface IRecurringWork
{
    string Name { get; }

    Task RunOnceAsync(CancellationToken cancellationToken);
}

/// <summary>The one Hangfire job behind every <see cref="IRecurringWork"/>: it finds the work by name.</summary>
public sealed class RecurringWorkJob(IEnumerable<IRecurringWork> work)
{
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync(string name, CancellationToken cancellationToken) =>
        work.FirstOrDefault(w => w.Name == name)?.RunOnceAsync(cancellationToken) ?? Task.CompletedTask;
}
