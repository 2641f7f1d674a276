using System.Collections.Concurrent;
using Portal.Core.Assignment;

namespace Portal.Infrastructure.Assignment;

/// <summary>
/// The users with a live session on this instance, counted per session (two tabs are one user online until both close).
/// Alone it is the whole truth; with several instances a shared store adds theirs (see <see cref="Changed"/>).
/// </summary>
public sealed class LocalUserPresence : IUserPresence
{
    private readonly ConcurrentDictionary<Guid, int> sessions = new();
    private readonly Lock gate = new();

    /// <summary>Raised when a user's first session opens (true) or last one closes (false) on this instance.</summary>
    public event Action<Guid, bool>? Changed;

    public IReadOnlyCollection<Guid> Online => [.. sessions.Keys];

    /// <summary>Counts a session in; true when it is the user's first here.</summary>
    public bool Connect(Guid userId)
    {
        bool first;
        lock (gate)
        {
            first = sessions.AddOrUpdate(userId, 1, (_, n) => n + 1) == 1;
        }

        if (first)
        {
            Changed?.Invoke(userId, true);
        }

        return first;
    }

    /// <summary>Counts a session out; true when it was the user's last here.</summary>
    public bool Disconnect(Guid userId)
    {
        var last = false;
        lock (gate)
        {
            if (sessions.TryGetValue(userId, out var n))
            {
                if (n <= 1)
                {
                    last = sessions.TryRemove(userId, out _);
                }
                else
                {
                    sessions[userId] = n - 1;
                }
            }
        }

        if (last)
        {
            Changed?.Invoke(userId, false);
        }

        return last;
    }

    public Task<IReadOnlySet<Guid>> OnlineAmongAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<Guid>>(userIds.Where(sessions.ContainsKey).ToHashSet());
}
