using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Portal.Core.Presence;
using Portal.Core.Realtime;

namespace Portal.Infrastructure.Presence;

/// <summary>
/// Every instance keeps the same table of screens, built from the signals all instances publish through the notifier
/// (and, scaled out, the Redis relay): a signal is an event like any other, so it reaches every open page the same way.
/// </summary>
internal sealed class ConversationPresence(IConversationNotifier notifier, IConversationEventSource events, TimeProvider clock) : IConversationPresence, IHostedService
{
    private readonly ConcurrentDictionary<string, PresenceSignal> screens = new();
    private IDisposable? subscription;

    public Task AnnounceAsync(PresenceSignal signal, CancellationToken cancellationToken = default) =>
        notifier.PublishAsync(ConversationEvents.Presence(signal), cancellationToken);

    public IReadOnlyList<Viewer> ViewersOf(Guid threadId, Guid exceptUserId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. screens.Values
            .Where(s => s.ThreadId == threadId && s.UserId != exceptUserId && s.State != PresenceState.Left && now - s.At < IConversationPresence.ViewingLapse)
            .GroupBy(s => s.UserId)
            .Select(g => new Viewer(g.Key, g.First().Name, g.Any(s => s.State == PresenceState.Typing && now - s.At < IConversationPresence.TypingLapse)))
            .OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = events.Subscribe(e =>
        {
            if (e is { Kind: ConversationEventKind.PresenceChanged, PresenceSignal: { } signal })
            {
                Apply(signal);
            }

            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Takes a signal into the table (also what the subscription does with every published one).</summary>
    public void Apply(PresenceSignal signal)
    {
        if (signal.State == PresenceState.Left)
        {
            screens.TryRemove(signal.SessionId, out _);
            return;
        }

        // A screen moves from one conversation to the next: it is in one at a time.
        screens.AddOrUpdate(signal.SessionId, signal, (_, known) => known.At > signal.At ? known : signal);
        foreach (var stale in screens.Where(s => clock.GetUtcNow().UtcDateTime - s.Value.At >= IConversationPresence.ViewingLapse).Select(s => s.Key).ToList())
        {
            screens.TryRemove(stale, out _);
        }
    }
}
