namespace Portal.Core.Sending;

/// <summary>Bound from <c>Portal:Sending</c>.</summary>
public sealed class SendingOptions
{
    public const string Section = "Portal:Sending";

    /// <summary>Attempts for transient failures before a message is Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A message left in Sending longer than this was interrupted mid-call; a person decides whether to resend.</summary>
    public TimeSpan StuckSendingAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Timeout of one provider call.</summary>
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Exponential backoff with full jitter: attempt 1 waits up to FirstRetryDelay, doubling up to MaxRetryDelay.</summary>
    public TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter, Random random)
    {
        var ceiling = Math.Min(MaxRetryDelay.TotalMilliseconds, FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        var jittered = TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
        return retryAfter is { } after && after > jittered ? after : jittered;
    }
}
