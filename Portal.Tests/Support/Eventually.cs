using System.Diagnostics;

namespace Portal.Tests.Support;

/// <summary>A condition wait: reads again until what it reads is done, or the time is up.</summary>
public static class Eventually
{
    /// <summary>The last value read: the done one, or the one read when <paramref name="within"/> ran out.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (done(value) || Stopwatch.GetElapsedTime(started) > within)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }
}
