using Portal.Core.Messages;
using static Portal.Core.Messages.MessageStatus;

namespace Portal.Tests.Core;

public class MessageStatusMachineTests
{
    /// <summary>The transitions the design allows, written out independently of the implementation's table.</summary>
    private static readonly HashSet<(MessageStatus From, MessageStatus To)> Expected =
    [
        (Draft, Scheduled), (Draft, Queued), (Draft, Canceled),
        (Scheduled, Queued), (Scheduled, Sending), (Scheduled, Canceled), (Scheduled, Failed),
        (Queued, Sending), (Queued, Canceled), (Queued, Failed),
        (Sending, Sent), (Sending, Delivered), (Sending, Undelivered), (Sending, Retrying), (Sending, Failed),
        (Retrying, Sending), (Retrying, Failed), (Retrying, Canceled),
        (Sent, Delivered), (Sent, Undelivered), (Sent, Failed),
    ];

    public static TheoryData<MessageStatus, MessageStatus> AllPairs()
    {
        var data = new TheoryData<MessageStatus, MessageStatus>();
        foreach (var from in Enum.GetValues<MessageStatus>())
        {
            foreach (var to in Enum.GetValues<MessageStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_pair_is_allowed_exactly_when_the_design_allows_it(MessageStatus from, MessageStatus to)
    {
        Assert.Equal(Expected.Contains((from, to)), MessageStatusMachine.CanTransition(from, to));
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void A_message_moves_only_along_allowed_transitions_and_is_unchanged_otherwise(MessageStatus from, MessageStatus to)
    {
        var message = MessageIn(from);
        var allowed = Expected.Contains((from, to));

        Assert.Equal(allowed, message.TryMoveTo(to, DateTime.UtcNow));
        Assert.Equal(allowed ? to : from, message.Status);
        if (!allowed)
        {
            Assert.Throws<InvalidStatusTransitionException>(() => message.MoveTo(to, DateTime.UtcNow));
        }
    }

    [Theory]
    [InlineData(Delivered, Sent)]
    [InlineData(Delivered, Sending)]
    [InlineData(Undelivered, Delivered)]
    [InlineData(Failed, Sent)]
    [InlineData(Sent, Sending)]
    [InlineData(Received, Sent)]
    public void A_late_or_repeated_callback_never_moves_a_message_backwards(MessageStatus current, MessageStatus late)
    {
        var message = MessageIn(current);

        Assert.False(message.TryMoveTo(late, DateTime.UtcNow));
        Assert.Equal(current, message.Status);
    }

    [Fact]
    public void Terminal_statuses_have_no_way_out()
    {
        var terminal = Enum.GetValues<MessageStatus>().Where(MessageStatusMachine.IsTerminal).ToHashSet();

        Assert.Equal(new HashSet<MessageStatus> { Delivered, Undelivered, Failed, Canceled, Received }, terminal);
    }

    [Fact]
    public void Each_transition_stamps_its_time()
    {
        var t0 = new DateTime(2026, 11, 1, 15, 0, 0, DateTimeKind.Utc);
        var message = Message.Create(Guid.NewGuid(), MessageDirection.Outbound, MessageKind.Text, "Hi", Draft, t0);

        message.MoveTo(Queued, t0.AddSeconds(1));
        message.MoveTo(Sending, t0.AddSeconds(2));
        message.MoveTo(Sent, t0.AddSeconds(3));
        message.MoveTo(Delivered, t0.AddSeconds(4));

        Assert.Equal(t0.AddSeconds(1), message.QueuedAt);
        Assert.Equal(t0.AddSeconds(3), message.SentAt);
        Assert.Equal(t0.AddSeconds(4), message.DeliveredAt);
        Assert.Null(message.FailedAt);
    }

    [Fact]
    public void Failing_records_the_reason()
    {
        var message = MessageIn(Sending);

        message.Fail(FailureReason.InvalidPhoneNumber, "21211", DateTime.UtcNow);

        Assert.Equal(Failed, message.Status);
        Assert.Equal(FailureReason.InvalidPhoneNumber, message.FailureReason);
        Assert.NotNull(message.FailedAt);
    }

    [Theory]
    [InlineData(FailureReason.ProviderUnavailable, true)]
    [InlineData(FailureReason.RateLimited, true)]
    [InlineData(FailureReason.OptedOut, false)]
    [InlineData(FailureReason.InvalidPhoneNumber, false)]
    [InlineData(FailureReason.OutcomeUnknown, false)]
    public void Failure_reasons_say_whether_another_attempt_makes_sense(FailureReason reason, bool transient)
    {
        Assert.Equal(transient, reason.IsTransient());
        Assert.False(string.IsNullOrWhiteSpace(reason.Describe()));
    }

    /// <summary>Builds a message in <paramref name="status"/> by walking a legal path to it.</summary>
    internal static Message MessageIn(MessageStatus status)
    {
        var now = DateTime.UtcNow;
        if (status == Received)
        {
            return Message.Create(Guid.NewGuid(), MessageDirection.Inbound, MessageKind.Text, "hi", Received, now);
        }

        var message = Message.Create(Guid.NewGuid(), MessageDirection.Outbound, MessageKind.Text, "hi", Draft, now);
        MessageStatus[] path = status switch
        {
            Draft => [],
            Scheduled => [Scheduled],
            Queued => [Queued],
            Sending => [Queued, Sending],
            Retrying => [Queued, Sending, Retrying],
            Sent => [Queued, Sending, Sent],
            Delivered => [Queued, Sending, Sent, Delivered],
            Undelivered => [Queued, Sending, Sent, Undelivered],
            Failed => [Queued, Failed],
            Canceled => [Canceled],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            message.MoveTo(step, now);
        }

        Assert.Equal(status, message.Status);
        return message;
    }
}
