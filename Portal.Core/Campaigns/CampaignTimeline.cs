namespace Portal.Core.Campaigns;

/// <summary>
/// Sends and first replies over a campaign's span, in buckets sized to that span (seconds for a campaign that went out in
/// a minute, days for one that ran a month), with empty buckets kept so the chart draws a line, never a lone point.
/// </summary>
public static class CampaignTimeline
{
    private static readonly TimeSpan[] Sizes =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromDays(1),
    ];

    /// <summary>About this many points across the span at most.</summary>
    public const int MaxPoints = 60;

    public static IReadOnlyList<TimelinePoint> Of(IReadOnlyList<RecipientResult> recipients)
    {
        var moments = recipients.Select(r => r.SentAt).Concat(recipients.Select(r => r.RepliedAt)).OfType<DateTime>().ToList();
        if (moments.Count == 0)
        {
            return [];
        }

        var (first, last) = (moments.Min(), moments.Max());
        var bucket = BucketFor(last - first);
        DateTime Floor(DateTime t) => new(t.Ticks - t.Ticks % bucket.Ticks, DateTimeKind.Utc);
        var sent = recipients.Where(r => r.SentAt is not null).GroupBy(r => Floor(r.SentAt!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var replied = recipients.Where(r => r.RepliedAt is not null).GroupBy(r => Floor(r.RepliedAt!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var points = new List<TimelinePoint>();
        // One bucket past the last, so even a campaign that all went in one bucket has a line to draw.
        for (var at = Floor(first); at <= Floor(last) + bucket; at += bucket)
        {
            points.Add(new TimelinePoint(at, sent.GetValueOrDefault(at), replied.GetValueOrDefault(at)));
        }

        return points;
    }

    public static TimeSpan BucketFor(TimeSpan span) => Sizes.FirstOrDefault(size => span.Ticks / size.Ticks < MaxPoints, Sizes[^1]);
}
