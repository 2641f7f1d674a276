namespace Portal.Infrastructure.Campaigns;

/// <summary>Bound from <c>Portal:Campaigns</c>.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Portal:Campaigns";

    /// <summary>
    /// How much sending one batch covers at the throttle (a batch is about this long's worth of messages). Short, so
    /// no 10-second window sees more than a few messages over the rate; each batch costs two commits however small.
    /// </summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Progress is pushed to open pages at most this often while a campaign sends (and always at its end).</summary>
    public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>With <see cref="MaxConcurrentSends"/> and the provider timeout, bounds how long one batch can take.</summary>
    public int MaxBatch { get; set; } = 100;

    /// <summary>Provider calls in flight at once for one campaign.</summary>
    public int MaxConcurrentSends { get; set; } = 16;

    /// <summary>
    /// How long a runner holds a campaign without renewing: each batch renews it, and a batch still waiting on its
    /// provider renews it every third of this. A runner that died loses it after this, so a campaign cut off by a crash
    /// resumes within it once the portal is back.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>At most this many recipients per campaign.</summary>
    public int MaxRecipients { get; set; } = 100_000;
}
