using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Tests.Support;

/// <summary>
/// The clock of every host and service graph the tests start in-process: a <see cref="FakeTimeProvider"/> that starts at
/// a fixed instant and then moves with real time, so Hangfire's waits, debounces and timers still fire while the date,
/// weekday and hour a test sees never depend on when or where the suite runs. Tests about time move it with
/// <see cref="FakeTimeProvider.Advance"/> or hold it still with <see cref="Freeze"/>.
/// </summary>
/// <remarks>
/// The default start is <see cref="BusinessHours"/>; <c>PORTAL_TEST_START</c> (an ISO 8601 instant) moves it, so the
/// suite can be run as if at night, on a Sunday or on a DST change day. A test that needs a particular hour says so by
/// passing its own start.
/// </remarks>
public sealed class HostClock : FakeTimeProvider, IDisposable
{
    public const string StartVariable = "PORTAL_TEST_START";

    /// <summary>Wednesday 25 November 2026, 16:00 UTC: 10:00 in Chicago, inside the demo departments' sending hours.</summary>
    public static readonly DateTimeOffset BusinessHours = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    /// <summary>Wednesday 25 November 2026, 05:00 UTC: 23:00 the evening before in Chicago, outside every sending window.</summary>
    public static readonly DateTimeOffset Night = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(5);

    private readonly Stopwatch real = Stopwatch.StartNew();
    private readonly Timer ticker;
    private readonly Lock gate = new();
    private TimeSpan accounted;
    private bool frozen;

    public HostClock(DateTimeOffset? start = null) : base(start ?? DefaultStart)
    {
        ticker = new Timer(_ => Tick(), null, TickPeriod, TickPeriod);
    }

    /// <summary>Where hosts start unless a test names an instant: <c>PORTAL_TEST_START</c>, else <see cref="BusinessHours"/>.</summary>
    public static DateTimeOffset DefaultStart =>
        Environment.GetEnvironmentVariable(StartVariable) is { Length: > 0 } value
            ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : BusinessHours;

    /// <summary>Stops the clock following real time; only <see cref="FakeTimeProvider.Advance"/> moves it until <see cref="Run"/>.</summary>
    public void Freeze()
    {
        lock (gate)
        {
            frozen = true;
        }
    }

    /// <summary>Lets the clock follow real time again from now on.</summary>
    public void Run()
    {
        lock (gate)
        {
            frozen = false;
            accounted = real.Elapsed;
        }
    }

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    private void Tick()
    {
        // Inside the lock, so that once Freeze returns no step of real time is still on its way.
        lock (gate)
        {
            var elapsed = real.Elapsed;
            var step = frozen ? TimeSpan.Zero : elapsed - accounted;
            accounted = elapsed;
            if (step > TimeSpan.Zero)
            {
                Advance(step);
            }
        }
    }

    public void Dispose() => ticker.Dispose();
}
