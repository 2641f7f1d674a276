namespace Portal.Infrastructure.EventWebhooks;

/// <summary>Bound from <c>Portal:EventWebhooks</c>.</summary>
public sealed class EventWebhookOptions
{
    public const string Section = "Portal:EventWebhooks";

    /// <summary>After the first attempt, about a day of retries.</summary>
    public static readonly TimeSpan[] DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10),
    ];

    /// <summary>
    /// Lets endpoints on loopback and private networks be registered and called, and attachments be fetched from them
    /// (tests, a lab); off in production.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long one POST may take before it counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Waits before each retry; empty means <see cref="DefaultRetryDelays"/>.</summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>How long an instance trusts its copy of the subscriptions; its own admin changes refresh it at once.</summary>
    public TimeSpan SubscriptionCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a rotation the old secret signs next to the new one this long, so retries in flight still verify.</summary>
    public TimeSpan SecretRotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Delivered and failed deliveries are deleted, with their attempts, this long after they last changed.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public IReadOnlyList<TimeSpan> Schedule => RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;
}
