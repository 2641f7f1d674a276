using Portal.Core.Common;

namespace Portal.Core.EventWebhooks;

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,

    /// <summary>Refused by the endpoint, or still failing when the retries ran out.</summary>
    Failed,
}

/// <summary>One event for one subscription. Its id is the <c>webhook-id</c> receivers deduplicate on, kept by replays.</summary>
public class WebhookDelivery : Entity
{
    public Guid SubscriptionId { get; set; }

    /// <summary><c>message.received</c> and the like.</summary>
    public required string EventType { get; set; }

    /// <summary>The exact body sent, every time.</summary>
    public required string Payload { get; set; }

    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;

    /// <summary>Every attempt ever made, replays included.</summary>
    public int AttemptCount { get; set; }

    /// <summary>Attempts since the delivery was created or last replayed: where it is in the retry schedule.</summary>
    public int AttemptsThisRound { get; set; }

    public DateTime? NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? DeliveredAt { get; set; }

    /// <summary>Held by the job making an attempt, so a duplicate job does not send at the same time.</summary>
    public DateTime? LockedUntil { get; set; }

    public string? JobId { get; set; }

    public List<WebhookDeliveryAttempt> Attempts { get; set; } = [];

    public string WebhookId => WebhookIdOf(Id);

    public static string WebhookIdOf(Guid deliveryId) => $"msg_{deliveryId:N}";
}

/// <summary>One POST of a delivery and what came of it.</summary>
public class WebhookDeliveryAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTime AttemptedAt { get; set; }

    /// <summary>Null when no answer came (timeout, refused connection, refused address).</summary>
    public int? StatusCode { get; set; }

    public string? Error { get; set; }
    public int DurationMs { get; set; }
}
