namespace Portal.Core.Presence;

public enum PresenceState
{
    Viewing,
    Typing,
    Left,
}

/// <summary>One screen's presence in a conversation, as it travels between instances.</summary>
/// <param name="SessionId">The screen (a circuit): a user with two tabs open is there twice, and leaves once per tab.</param>
public sealed record PresenceSignal(Guid ThreadId, Guid DepartmentId, Guid UserId, string Name, string SessionId, PresenceState State, DateTime At);

/// <summary>Someone else with the conversation open, and whether they are typing in it now.</summary>
public sealed record Viewer(Guid UserId, string Name, bool Typing);

/// <summary>
/// Who has a conversation open and who is typing in it, on every instance: screens announce themselves (and again
/// every <see cref="Heartbeat"/>); an announcement older than <see cref="ViewingLapse"/> (a crashed instance, a lost
/// tab) or typing older than <see cref="TypingLapse"/> no longer counts.
/// </summary>
public interface IConversationPresence
{
    static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);
    static readonly TimeSpan ViewingLapse = TimeSpan.FromSeconds(60);
    static readonly TimeSpan TypingLapse = TimeSpan.FromSeconds(6);

    Task AnnounceAsync(PresenceSignal signal, CancellationToken cancellationToken = default);

    /// <summary>The others in the conversation (not <paramref name="exceptUserId"/>), one entry per person.</summary>
    IReadOnlyList<Viewer> ViewersOf(Guid threadId, Guid exceptUserId);
}
