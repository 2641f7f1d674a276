using Portal.Core.Campaigns;

namespace Portal.Tests.Core;

public class CampaignTimelineTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc);

    private static RecipientResult Sent(DateTime at, DateTime? replied = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "x", null, "A", "Sent", at, null, null, replied is not null, replied, false);

    [Theory]
    [InlineData(40, 5)]
    [InlineData(600, 15)]
    [InlineData(1_800, 60)]
    [InlineData(3_600, 300)]
    [InlineData(86_400, 3_600)]
    [InlineData(30 * 86_400, 86_400)]
    public void The_bucket_follows_the_campaigns_span(int spanSeconds, int bucketSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(bucketSeconds), CampaignTimeline.BucketFor(TimeSpan.FromSeconds(spanSeconds)));

    [Fact]
    public void A_campaign_sent_within_one_minute_still_draws_a_line_with_every_send_and_reply_on_it()
    {
        var recipients = Enumerable.Range(0, 7).Select(i => Sent(Start.AddSeconds(i * 6), i == 0 ? Start.AddSeconds(50) : null)).ToList();

        var points = CampaignTimeline.Of(recipients);

        Assert.True(points.Count >= 2);
        Assert.Equal(7, points.Sum(p => p.Sent));
        Assert.Equal(1, points.Sum(p => p.Replied));
        Assert.All(points.Zip(points.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(5), pair.Second.BucketStartUtc - pair.First.BucketStartUtc));
        Assert.Empty(CampaignTimeline.Of([]));
    }
}
