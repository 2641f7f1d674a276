using Microsoft.AspNetCore.SignalR;
using Portal.Core.EventWebhooks;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Infrastructure.Realtime;

namespace Portal.Web.Realtime;

/// <summary>
/// Raises each event to the pages of this process (and, with Redis, of every other instance), to the hub groups allowed
/// to see its department (with Redis, on every instance through the backplane), then to the event webhooks subscribed to
/// it (here only, on the instance that made the change, so each is delivered once).
/// </summary>
public sealed class HubConversationNotifier(
    InProcessConversationNotifier pages,
    IHubContext<ConversationsHub> hub,
    IEventWebhookOutbox webhooks,
    ILogger<HubConversationNotifier> logger,
    RedisConversationRelay? relay = null) : IConversationNotifier
{
    /// <summary>Best effort by design: a push that fails must never fail the send or the webhook that raised it.</summary>
    public async Task PublishAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken = default)
    {
        await pages.PublishAsync(conversationEvent, cancellationToken);
        if (relay is not null)
        {
            await relay.PublishAsync(conversationEvent);
        }

        if (conversationEvent.Kind is ConversationEventKind.AccessChanged or ConversationEventKind.ReadByUser or ConversationEventKind.AwayChanged or ConversationEventKind.NotificationAdded or ConversationEventKind.PresenceChanged)
        {
            // Not for hub clients: each instance's HubAccessSync acts on access; read marks and the away switch concern the user's own screens.
            return;
        }

        var method = MethodFor(conversationEvent);
        var payload = HubPayloads.For(conversationEvent);
        try
        {
            await hub.Clients.Groups(ConversationsHub.GroupFor(conversationEvent.DepartmentId), ConversationsHub.AllDepartmentsGroup)
                .SendAsync(method, payload, cancellationToken);
        }
        catch (Exception e)
        {
            // A hub or backplane hiccup must not undo a stored message; the pages already have it.
            logger.LogWarning(e, "Could not push {Method} for thread {ThreadId} to hub clients", method, conversationEvent.ThreadId);
        }

        // Last, so screens are not kept waiting on the delivery rows it writes. Not cancellable: the change is committed,
        // and a caller that stops now (a closed page, a stopping job) must not cost the receivers its event.
        await webhooks.RecordAsync(conversationEvent, CancellationToken.None);
    }

    public static string MethodFor(ConversationEvent e) => e.Kind switch
    {
        ConversationEventKind.MessageAdded when e.Direction == MessageDirection.Inbound => "MessageReceived",
        ConversationEventKind.MessageAdded => "MessageAdded",
        ConversationEventKind.MessageStatusChanged => "MessageStatusChanged",
        ConversationEventKind.CampaignProgress => "CampaignProgress",
        _ => "ThreadUpdated",
    };
}
