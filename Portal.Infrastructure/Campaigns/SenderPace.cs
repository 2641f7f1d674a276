namespace Portal.Infrastructure.Campaigns;

/// <summary>
/// The campaign sends each provider account (each sender) made in the last window, shared by every runner in the
/// process, so no window of <see cref="Window"/> holds more than the rate allows, whatever the batches' timing.
/// </summary>
public sealed class SenderPace
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Dictionary<Guid, Queue<DateTime>> sent = [];
    private readonly Lock gate = new();

    /// <summary>How many more sends the window allows now, and when the next one frees up if none.</summary>
    public (int Allowed, DateTime FreeAt) Allowance(Guid accountId, int perMinute, DateTime now)
    {
        // Below six a minute the window would allow none; the runner's spacing keeps those slow rates.
        var limit = Math.Max(1, (int)Math.Floor(perMinute * Window.TotalMinutes));
        lock (gate)
        {
            var times = Trim(accountId, now);
            var allowed = Math.Max(0, limit - times.Count);
            return (allowed, allowed > 0 || times.Count == 0 ? now : times.Peek() + Window);
        }
    }

    public void Record(Guid accountId, DateTime at)
    {
        lock (gate)
        {
            if (!sent.TryGetValue(accountId, out var times))
            {
                sent[accountId] = times = new Queue<DateTime>();
            }

            times.Enqueue(at);
        }
    }

    private Queue<DateTime> Trim(Guid accountId, DateTime now)
    {
        if (!sent.TryGetValue(accountId, out var times))
        {
            return new Queue<DateTime>();
        }

        while (times.Count > 0 && times.Peek() <= now - Window)
        {
            times.Dequeue();
        }

        return times;
    }
}
