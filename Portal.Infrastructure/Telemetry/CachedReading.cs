using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// A gauge's figures read from the database at most every few seconds however often metrics are collected. While one
/// collection reads, the others get the last figures (a slow database holds up one scrape, not all); a read that fails
/// keeps them, because a scrape must not fail while the database is away (the health check reports that).
/// </summary>
internal sealed class CachedReading<T>(Func<T> read, T initial, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private volatile Snapshot snapshot = new(initial, DateTimeOffset.MinValue);

    private sealed record Snapshot(T Value, DateTimeOffset ReadAt);

    public T Value
    {
        get
        {
            var cached = snapshot;
            var now = clock.GetUtcNow();
            if (now - cached.ReadAt < CacheTime || !gate.TryEnter())
            {
                return cached.Value;
            }

            try
            {
                cached = snapshot;
                if (now - cached.ReadAt < CacheTime)
                {
                    return cached.Value;
                }

                try
                {
                    snapshot = new Snapshot(read(), now);
                }
                catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
                {
                    logger.LogDebug(e, "A gauge could not read the database; it shows its last figures");
                    snapshot = cached with { ReadAt = now };
                }

                return snapshot.Value;
            }
            finally
            {
                gate.Exit();
            }
        }
    }
}
