using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Presence;
using Portal.Infrastructure.Presence;
using Portal.Infrastructure.Realtime;

namespace Portal.Tests.Infrastructure;

public sealed class ConversationPresenceTests : IAsyncLifetime
{
    private static readonly Guid Thread = Guid.NewGuid(), Other = Guid.NewGuid(), Department = Guid.NewGuid();
    private static readonly Guid Ana = Guid.NewGuid(), Ben = Guid.NewGuid(), Cy = Guid.NewGuid();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero));
    private readonly InProcessConversationNotifier notifier = new(NullLogger<InProcessConversationNotifier>.Instance);
    private ConversationPresence presence = default!;

    public async Task InitializeAsync()
    {
        presence = new ConversationPresence(notifier, notifier, clock);
        await presence.StartAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => presence.StopAsync(CancellationToken.None);

    private Task Say(Guid user, string name, string session, PresenceState state, Guid? thread = null) =>
        presence.AnnounceAsync(new PresenceSignal(thread ?? Thread, Department, user, name, session, state, clock.GetUtcNow().UtcDateTime));

    [Fact]
    public async Task Others_with_the_conversation_open_are_listed_once_each_with_who_is_typing_and_never_oneself()
    {
        await Say(Ana, "Ana", "a1", PresenceState.Viewing);
        await Say(Ben, "Ben", "b1", PresenceState.Viewing);
        await Say(Ben, "Ben", "b2", PresenceState.Typing);
        await Say(Cy, "Cy", "c1", PresenceState.Viewing, Other);

        Assert.Equal([new Viewer(Ben, "Ben", true)], presence.ViewersOf(Thread, Ana));
        Assert.Equal([new Viewer(Ana, "Ana", false), new Viewer(Ben, "Ben", true)], presence.ViewersOf(Thread, Cy));
    }

    [Fact]
    public async Task Typing_stops_counting_after_a_few_seconds_and_a_screen_that_stops_announcing_after_a_minute()
    {
        await Say(Ben, "Ben", "b1", PresenceState.Typing);
        clock.Advance(IConversationPresence.TypingLapse);
        Assert.Equal([new Viewer(Ben, "Ben", false)], presence.ViewersOf(Thread, Ana));

        clock.Advance(IConversationPresence.ViewingLapse);
        Assert.Empty(presence.ViewersOf(Thread, Ana));
    }

    [Fact]
    public async Task Leaving_or_moving_to_another_conversation_takes_the_screen_out()
    {
        await Say(Ben, "Ben", "b1", PresenceState.Viewing);
        await Say(Cy, "Cy", "c1", PresenceState.Viewing);
        await Say(Ben, "Ben", "b1", PresenceState.Left);
        await Say(Cy, "Cy", "c1", PresenceState.Viewing, Other);

        Assert.Empty(presence.ViewersOf(Thread, Ana));
        Assert.Equal([new Viewer(Cy, "Cy", false)], presence.ViewersOf(Other, Ana));
    }
}
