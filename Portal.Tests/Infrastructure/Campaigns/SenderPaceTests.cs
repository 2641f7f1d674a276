using Portal.Infrastructure.Campaigns;

namespace Portal.Tests.Infrastructure.Campaigns;

public class SenderPaceTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_sender_gets_no_more_in_ten_seconds_than_its_rate_and_the_window_frees_as_it_slides()
    {
        var pace = new SenderPace();
        var account = Guid.NewGuid();
        for (var i = 0; i < 10; i++)
        {
            pace.Record(account, T0.AddSeconds(i * 0.5));
        }

        // 60 a minute: ten in ten seconds. All ten were used in the first five.
        Assert.Equal((0, T0.AddSeconds(10)), pace.Allowance(account, 60, T0.AddSeconds(6)));
        Assert.Equal(1, pace.Allowance(account, 60, T0.AddSeconds(10)).Allowed);
        Assert.Equal(10, pace.Allowance(account, 60, T0.AddSeconds(20)).Allowed);
        // Another sender is counted on its own.
        Assert.Equal(10, pace.Allowance(Guid.NewGuid(), 60, T0.AddSeconds(6)).Allowed);
    }

    [Fact]
    public void A_rate_under_six_a_minute_still_allows_one_send_per_window()
    {
        var pace = new SenderPace();
        var account = Guid.NewGuid();

        Assert.Equal(1, pace.Allowance(account, 1, T0).Allowed);
        pace.Record(account, T0);
        Assert.Equal(0, pace.Allowance(account, 1, T0.AddSeconds(5)).Allowed);
    }
}
