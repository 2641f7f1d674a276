using Portal.Core.Common;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Reports;

namespace Portal.Tests.Core;

public class ReportRangeTests
{
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");

    /// <summary>Wednesday 25 November 2026, 10:00 in Chicago.</summary>
    private static readonly DateTime Now = new(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Custom_days_run_from_the_first_days_local_midnight_to_the_end_of_the_last_or_now_when_that_is_today()
    {
        // 31 October is still CDT (UTC-5), 2 November is CST (UTC-6): the days around the night the clocks went back.
        var past = ReportRange.Days(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 1), Chicago, Now);
        Assert.Equal((new DateTime(2026, 10, 31, 5, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 6, 0, 0, DateTimeKind.Utc)), (past.FromUtc, past.ToUtc));
        Assert.Same(Chicago, past.Zone);

        var toToday = ReportRange.Days(new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 25), Chicago, Now);
        Assert.Equal((new DateTime(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc), Now), (toToday.FromUtc, toToday.ToUtc));
        Assert.Equal(Now, ReportRange.Days(new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 31), Chicago, Now).ToUtc);
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-19", "to", "The last day is before the first.")]
    [InlineData("2026-11-26", "2026-11-27", "from", "The first day is after today.")]
    [InlineData("2025-11-24", "2026-11-25", "to", "A report covers at most 366 days.")]
    public void A_custom_range_that_cannot_be_read_is_refused_with_its_reason(string from, string to, string field, string message)
    {
        var refused = Assert.Throws<ValidationException>(() => ReportRange.Days(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), Chicago, Now));

        Assert.Equal([message], refused.Errors[field]);
    }

    [Fact]
    public void A_custom_period_needs_both_days_and_a_named_one_ignores_them()
    {
        Assert.Throws<ValidationException>(() => ReportRange.Resolve(ReportPeriod.Custom, new DateOnly(2026, 11, 1), null, Chicago, Now));
        Assert.Equal(ReportRange.For(ReportPeriod.Today, Chicago, Now), ReportRange.Resolve(ReportPeriod.Today, new DateOnly(2020, 1, 1), null, Chicago, Now));
        // A year and a day is the longest: this day last year to today.
        Assert.Equal(new DateTime(2025, 11, 25, 6, 0, 0, DateTimeKind.Utc), ReportRange.Days(new DateOnly(2025, 11, 25), new DateOnly(2026, 11, 25), Chicago, Now).FromUtc);
    }

    [Fact]
    public void A_text_counts_when_received_or_first_put_to_send_never_while_a_draft_or_scheduled()
    {
        var at = Now;
        var inbound = Message.Create(Guid.NewGuid(), MessageDirection.Inbound, MessageKind.Text, "Hi", MessageStatus.Received, at);
        Assert.Equal(at, inbound.ActivityAt);

        var scheduled = Message.Create(Guid.NewGuid(), MessageDirection.Outbound, MessageKind.Text, "Later", MessageStatus.Draft, at);
        scheduled.MoveTo(MessageStatus.Scheduled, at);
        Assert.Null(scheduled.ActivityAt);
        scheduled.MoveTo(MessageStatus.Queued, at.AddHours(5));
        scheduled.MoveTo(MessageStatus.Sending, at.AddHours(6));
        scheduled.MoveTo(MessageStatus.Delivered, at.AddHours(7));
        Assert.Equal(at.AddHours(5), scheduled.ActivityAt);

        // A campaign batch claims a scheduled text straight into Sending; a refusal before it left counts when refused.
        var claimed = Message.Create(Guid.NewGuid(), MessageDirection.Outbound, MessageKind.Text, "Offer", MessageStatus.Draft, at);
        claimed.MoveTo(MessageStatus.Scheduled, at);
        claimed.Claim(Guid.NewGuid(), at.AddDays(1));
        Assert.Equal(at.AddDays(1), claimed.ActivityAt);
        var refused = Message.Create(Guid.NewGuid(), MessageDirection.Outbound, MessageKind.Text, "No", MessageStatus.Draft, at);
        refused.MoveTo(MessageStatus.Scheduled, at);
        refused.Fail(FailureReason.OptedOut, null, at.AddDays(2));
        Assert.Equal(at.AddDays(2), refused.ActivityAt);

        var canceled = Message.Create(Guid.NewGuid(), MessageDirection.Outbound, MessageKind.Text, "Never", MessageStatus.Draft, at);
        canceled.MoveTo(MessageStatus.Canceled, at);
        Assert.Null(canceled.ActivityAt);
    }
}
