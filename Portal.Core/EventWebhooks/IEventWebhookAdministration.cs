using Portal.Core.Common;

namespace Portal.Core.EventWebhooks;

public sealed record EventWebhookInput(Guid DepartmentId, string Url, EventWebhookTypes EventTypes);

public sealed record WebhookSubscriptionSummary(
    Guid Id, Guid DepartmentId, string Department, string Url, EventWebhookTypes EventTypes, bool Enabled, string? DisabledReason, DateTime CreatedAt, string? CreatedBy);

/// <summary>A signing secret: shown once, when the subscription is created or its secret rotated.</summary>
public sealed record WebhookSecret(Guid SubscriptionId, string Secret);

public sealed record WebhookAttemptView(int Number, DateTime AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDeliveryView(
    Guid Id, string WebhookId, Guid SubscriptionId, string Url, string EventType, WebhookDeliveryStatus Status, int AttemptCount,
    DateTime? NextAttemptAt, int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? DeliveredAt, string Payload,
    IReadOnlyList<WebhookAttemptView> Attempts);

/// <summary>What an admin does with event webhooks.</summary>
public interface IEventWebhookAdministration
{
    Task<IReadOnlyList<WebhookSubscriptionSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <exception cref="ValidationException">A refused URL, an unknown department, or no event type.</exception>
    Task<WebhookSecret> CreateAsync(EventWebhookInput input, string createdBy, CancellationToken cancellationToken = default);

    /// <exception cref="NotFoundException">No such subscription.</exception>
    Task SetEnabledAsync(Guid subscriptionId, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Removes the subscription and its deliveries.</summary>
    Task DeleteAsync(Guid subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>A new secret signs from now on; the old one signs next to it for a grace period (24 h by default), then stops.</summary>
    Task<WebhookSecret> RotateSecretAsync(Guid subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>The newest deliveries first, with their attempts.</summary>
    Task<IReadOnlyList<WebhookDeliveryView>> ListDeliveriesAsync(Guid? subscriptionId = null, int take = 50, CancellationToken cancellationToken = default);

    /// <summary>Sends the delivery again, same <c>webhook-id</c> and body, with a fresh retry schedule.</summary>
    /// <exception cref="NotFoundException">No such delivery.</exception>
    Task ReplayAsync(Guid deliveryId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A <c>webhook.test</c> event to one endpoint, signed and retried like any other, so an admin can see the receiver
    /// answer before real events flow. It shows among the deliveries.
    /// </summary>
    /// <exception cref="Common.DomainException">The endpoint is disabled.</exception>
    Task SendTestAsync(Guid subscriptionId, string requestedBy, CancellationToken cancellationToken = default);
}

/// <summary>Where the instance that made a change hands its event to the endpoints that subscribed to it.</summary>
public interface IEventWebhookOutbox
{
    /// <summary>Stores a delivery per matching subscription and starts sending. Never throws: a webhook must not undo the change.</summary>
    Task RecordAsync(Realtime.ConversationEvent conversationEvent, CancellationToken cancellationToken = default);
}
