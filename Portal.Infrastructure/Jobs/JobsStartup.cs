using Hangfire;
using Microsoft.Extensions.Hosting;

namespace Portal.Infrastructure.Jobs;

/// <summary>After the database is ready: rebuild jobs for pending messages now (all of them when the jobs were in memory), and keep sweeping every minute.</summary>
internal sealed class JobsStartup(PendingMessagesSweep sweep, IRecurringJobManager recurring, IEnumerable<IRecurringWork> work) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<PendingMessagesSweep>("pending-messages-sweep", s => s.RunAsync(SweepMode.Periodic, CancellationToken.None), Cron.Minutely());
        foreach (var name in work.Select(w => w.Name))
        {
            recurring.AddOrUpdate<RecurringWorkJob>(name, j => j.RunAsync(name, CancellationToken.None), Cron.Minutely());
        }

        await sweep.RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
