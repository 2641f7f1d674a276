using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Realtime;
using Portal.Infrastructure.Assignment;

namespace Portal.Tests.Infrastructure.Assignment;

public sealed class AssignmentTriggersTests : IAsyncLifetime
{
    private AssignmentFixture f = default!;

    public async Task InitializeAsync() => f = await AssignmentFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task A_first_page_opened_announces_the_user_and_gives_out_what_waited_and_a_last_page_closed_announces_them_too()
    {
        f.Presence.Disconnect(f.Ana.Id);
        f.Presence.Disconnect(f.Ben.Id);
        f.Presence.Disconnect(f.Cy.Id);
        var waiting = await f.WaitingAsync();
        var triggers = new AssignmentTriggers(f.Notifier, f.Notifier, f.Presence, f.Assigner(), NullLogger<AssignmentTriggers>.Instance);
        await triggers.StartAsync(CancellationToken.None);
        try
        {
            f.Presence.Connect(f.Ben.Id);

            var thread = await Support.Eventually.ValueAsync(() => f.ThreadAsync(waiting.Id), t => t.AssigneeId is not null, TimeSpan.FromSeconds(10));
            Assert.Equal(f.Ben.Id, thread.AssigneeId);
            f.Presence.Disconnect(f.Ben.Id);
            var announced = await Support.Eventually.ValueAsync(
                () => Task.FromResult(AnnouncementsOf(f.Ben.Id)), n => n >= 2, TimeSpan.FromSeconds(10));
            Assert.Equal(2, announced);
        }
        finally
        {
            await triggers.StopAsync(CancellationToken.None);
        }
    }

    private int AnnouncementsOf(Guid userId)
    {
        lock (f.Events)
        {
            return f.Events.Count(e => e.Kind == ConversationEventKind.AwayChanged && e.UserId == userId);
        }
    }
}
