using Portal.Core.Common;

namespace Portal.Core.EventWebhooks;

/// <summary>An endpoint of another system that hears about one department's events, signed with its own secret.</summary>
public class WebhookSubscription : Entity
{
    public Guid DepartmentId { get; set; }
    public required string Url { get; set; }
    public EventWebhookTypes EventTypes { get; set; }

    /// <summary>The <c>whsec_…</c> signing secret, encrypted with <see cref="Abstractions.ISecretProtector"/>.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The secret a rotation replaced, still signing next to the new one until <see cref="PreviousSecretUntil"/>, so receivers can switch over.</summary>
    public string? PreviousProtectedSecret { get; set; }

    public DateTime? PreviousSecretUntil { get; set; }

    public bool Enabled { get; set; } = true;
    public string? CreatedBy { get; set; }

    /// <summary>Why it was switched off by the portal itself (the endpoint answered 410 Gone), or null.</summary>
    public string? DisabledReason { get; set; }
}
