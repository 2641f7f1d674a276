using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.EventWebhooks;
using Portal.Core.Realtime;
using Portal.Infrastructure.Realtime;
using Portal.Tests.Infrastructure;
using Portal.Tests.Support;
using Portal.Web.Realtime;

namespace Portal.Tests.Web.Realtime;

public sealed class HubConversationNotifierTests
{
    [Fact]
    public async Task A_caller_cancelled_after_its_commit_still_hands_the_event_to_the_webhooks_with_a_live_token()
    {
        await using var fixture = await InboxFixture.CreateAsync();
        var outbox = new TokenRecordingOutbox();
        await using var services = new ServiceCollection().AddLogging().AddSignalR().Services.BuildServiceProvider();
        var notifier = new HubConversationNotifier(
            new InProcessConversationNotifier(NullLogger<InProcessConversationNotifier>.Instance),
            services.GetRequiredService<IHubContext<ConversationsHub>>(),
            outbox,
            NullLogger<HubConversationNotifier>.Instance);
        var message = DataBuilder.Inbound(fixture.AnaSales, "Hi", DateTime.UtcNow);
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        await notifier.PublishAsync(ConversationEvents.MessageAdded(message, fixture.AnaSales, fixture.Ana), stopped.Token);

        var token = Assert.Single(outbox.Tokens);
        Assert.False(token.IsCancellationRequested);
    }

    private sealed class TokenRecordingOutbox : IEventWebhookOutbox
    {
        public List<CancellationToken> Tokens { get; } = [];

        public Task RecordAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken = default)
        {
            Tokens.Add(cancellationToken);
            return Task.CompletedTask;
        }
    }
}
