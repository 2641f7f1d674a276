using System.Text.Json;
using Portal.Core.Realtime;
using Portal.Infrastructure.Realtime;
using StackExchange.Redis;

namespace Portal.Web.Realtime;

/// <summary>
/// Carries conversation events between portal instances, so the Blazor pages on every instance hear about a webhook
/// that landed on another (hub clients already get it through the SignalR Redis backplane). Each instance tags what it
/// publishes and ignores its own echo.
/// </summary>
public sealed class RedisConversationRelay(IConnectionMultiplexer redis, InProcessConversationNotifier pages, ILogger<RedisConversationRelay> logger) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("portal:conversation-events");

    private readonly string instance = Guid.NewGuid().ToString("N");

    public async Task PublishAsync(ConversationEvent conversationEvent)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(new Envelope(instance, conversationEvent)));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Could not relay {EventKind} for thread {ThreadId} to other instances", conversationEvent.Kind, conversationEvent.ThreadId);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await redis.GetSubscriber().SubscribeAsync(Channel, (channel, value) =>
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(value.ToString());
            if (envelope is not null && envelope.Instance != instance)
            {
                _ = pages.PublishAsync(envelope.Event);
            }
        });

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);

    private sealed record Envelope(string Instance, ConversationEvent Event);
}
