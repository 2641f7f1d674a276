using Microsoft.Extensions.Time.Testing;

namespace Portal.Benchmarks.TeamHour;

/// <summary>
/// The portal's clock for a simulated hour: it starts at a chosen instant and runs <c>speed</c> times faster than real
/// time, timers included (it is a <see cref="FakeTimeProvider"/> advanced every few milliseconds), so an hour of a
/// department's day passes in minutes while people's clicks in real browsers take their real time.
/// </summary>
internal sealed class AcceleratedClock : FakeTimeProvider, IDisposable
{
    private readonly Stopwatch real = Stopwatch.StartNew();
    private readonly Timer ticker;
    private readonly Lock gate = new();
    private readonly double speed;
    private TimeSpan accounted;

    public AcceleratedClock(DateTimeOffset start, double speed) : base(start)
    {
        this.speed = speed;
        ticker = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5));
    }

    public double Speed => speed;

    /// <summary>How long a span of the simulated day takes in real time.</summary>
    public TimeSpan Real(TimeSpan simulated) => simulated / speed;

    private void Tick()
    {
        lock (gate)
        {
            var target = real.Elapsed * speed;
            var step = target - accounted;
            if (step <= TimeSpan.Zero)
            {
                return;
            }

            accounted = target;
            Advance(step);
        }
    }

    public void Dispose() => ticker.Dispose();
}
