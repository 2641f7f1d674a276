using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Telemetry;

public sealed class ScheduledQueueGaugeTests
{
    [Fact]
    public async Task A_scrape_while_another_is_stuck_on_a_slow_database_answers_at_once_with_the_last_counts()
    {
        await using var database = new TestDatabase();
        var slow = new SlowDatabase(database);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var gauge = new ScheduledQueueGauge(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), slow, clock, NullLogger<ScheduledQueueGauge>.Instance);
        Assert.Equal((0, 0), gauge.Read());

        clock.Advance(TimeSpan.FromSeconds(10));
        slow.Hold();
        var stuck = Task.Run(gauge.Read);
        Assert.True(slow.Entered.Wait(TimeSpan.FromSeconds(10)));

        var concurrent = await Task.Run(gauge.Read).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal((0, 0), concurrent);
        slow.Release();
        Assert.Equal((0, 0), await stuck.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class SlowDatabase(IDbContextFactory<PortalDbContext> inner) : IDbContextFactory<PortalDbContext>
    {
        private readonly ManualResetEventSlim open = new(true);

        public ManualResetEventSlim Entered { get; } = new();

        public void Hold()
        {
            Entered.Reset();
            open.Reset();
        }

        public void Release() => open.Set();

        public PortalDbContext CreateDbContext()
        {
            Entered.Set();
            open.Wait(TimeSpan.FromSeconds(30));
            return inner.CreateDbContext();
        }
    }
}
