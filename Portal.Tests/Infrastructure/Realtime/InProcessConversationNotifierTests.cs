using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Realtime;
using Portal.Infrastructure.Realtime;

namespace Portal.Tests.Infrastructure.Realtime;

public sealed class InProcessConversationNotifierTests
{
    private static readonly ConversationEvent Event = ConversationEvents.NotificationAdded(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Nina Hyatt has waited 5 minutes");

    [Fact]
    public async Task A_subscriber_still_waiting_on_its_browser_does_not_hold_the_publisher_or_the_subscribers_after_it()
    {
        var notifier = new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance);
        var sleepingLaptop = new TaskCompletionSource();
        var startedOnSleepingLaptop = 0;
        var seenAfter = new List<ConversationEvent>();
        using var first = notifier.Subscribe(_ => { startedOnSleepingLaptop++; return sleepingLaptop.Task; });
        using var second = notifier.Subscribe(e => { seenAfter.Add(e); return Task.CompletedTask; });

        var publishing = notifier.PublishAsync(Event);

        Assert.True(publishing.IsCompletedSuccessfully);
        await publishing;
        Assert.Equal(1, startedOnSleepingLaptop);
        Assert.Equal([Event], seenAfter);
        sleepingLaptop.SetResult();
    }

    [Fact]
    public async Task A_subscriber_failing_at_once_or_later_is_logged_and_the_others_still_hear_the_event()
    {
        var logger = new CollectingLogger();
        var notifier = new InProcessConversationNotifier(logger);
        var later = new TaskCompletionSource();
        var heard = 0;
        using var throwing = notifier.Subscribe(_ => throw new InvalidOperationException("page gone"));
        using var faultingLater = notifier.Subscribe(_ => later.Task);
        using var listening = notifier.Subscribe(_ => { heard++; return Task.CompletedTask; });

        await notifier.PublishAsync(Event);
        later.SetException(new InvalidOperationException("circuit closed"));
        await logger.TwoSeen.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, heard);
        Assert.Equal(["page gone", "circuit closed"], logger.Exceptions.Select(e => e.Message));
    }

    private sealed class CollectingLogger : ILogger<InProcessConversationNotifier>
    {
        private readonly Lock gate = new();
        private readonly List<Exception> exceptions = [];
        private readonly TaskCompletionSource twoSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<Exception> Exceptions
        {
            get
            {
                lock (gate)
                {
                    return [.. exceptions];
                }
            }
        }

        public Task TwoSeen => twoSeen.Task;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null)
            {
                return;
            }

            lock (gate)
            {
                exceptions.Add(exception);
                if (exceptions.Count == 2)
                {
                    twoSeen.TrySetResult();
                }
            }
        }
    }
}
