using Portal.Core.Departments;
using Portal.Core.Threads;

namespace Portal.Tests.Core;

public class ResponseTimeTests
{
    private static readonly TimeZoneInfo Chicago = DepartmentTimeZone.Find("America/Chicago");

    private static readonly SendingHours Weekdays = new(new TimeOnly(9, 0), new TimeOnly(18, 0))
    {
        Days = [DaySendingHours.Closed(DayOfWeek.Saturday), DaySendingHours.Closed(DayOfWeek.Sunday)],
    };

    private static DateTime Utc(string at) => DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Fact]
    public void An_answer_measures_the_wait_on_the_wall_clock_and_in_open_hours_and_only_the_first_is_the_first_response()
    {
        var thread = new ConversationThread { DepartmentId = Guid.NewGuid() };
        var advisor = Guid.NewGuid();
        // Friday 17:50 CDT, answered Monday 9:05 CST.
        thread.AwaitReply(Utc("2026-10-30T22:50:00Z"));
        thread.AwaitReply(Utc("2026-10-31T10:00:00Z"));

        var first = thread.AnsweredBy(advisor, Utc("2026-11-02T15:05:00Z"), Weekdays, Chicago)!;

        Assert.Equal((thread.Id, thread.DepartmentId, advisor, Utc("2026-10-30T22:50:00Z")), (first.ThreadId, first.DepartmentId, first.ResponderUserId, first.WaitedFrom));
        Assert.Equal((int)(Utc("2026-11-02T15:05:00Z") - Utc("2026-10-30T22:50:00Z")).TotalSeconds, first.WallSeconds);
        Assert.Equal(15 * 60, first.BusinessSeconds);
        Assert.True(first.IsFirstResponse);
        Assert.Null(thread.AwaitingReplySince);

        // Answering again with nobody waiting measures nothing; the next wait's answer is not the first response.
        Assert.Null(thread.AnsweredBy(advisor, Utc("2026-11-02T15:06:00Z"), Weekdays, Chicago));
        thread.AwaitReply(Utc("2026-11-02T16:00:00Z"));
        var second = thread.AnsweredBy(null, Utc("2026-11-02T16:02:00Z"), Weekdays, Chicago)!;
        Assert.False(second.IsFirstResponse);
        Assert.Null(second.ResponderUserId);
        Assert.Equal((120, 120), (second.WallSeconds, second.BusinessSeconds));
        Assert.Equal(Utc("2026-11-02T15:05:00Z"), thread.FirstAnsweredAt);
    }

    [Fact]
    public void A_text_staff_send_before_the_customer_writes_is_not_a_response()
    {
        var thread = new ConversationThread { DepartmentId = Guid.NewGuid() };

        Assert.Null(thread.AnsweredBy(Guid.NewGuid(), Utc("2026-11-02T15:00:00Z"), Weekdays, Chicago));
        thread.AwaitReply(Utc("2026-11-02T15:30:00Z"));

        Assert.True(thread.AnsweredBy(Guid.NewGuid(), Utc("2026-11-02T15:40:00Z"), Weekdays, Chicago)!.IsFirstResponse);
    }
}
