using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure;

public sealed class SimulatorTests
{
    [Fact]
    public async Task The_simulator_accepts_then_reports_delivered_through_the_status_path()
    {
        await using var h = await SendingHarness.CreateAsync(SimulatorModule.Kind, "");
        var events = new List<ConversationEvent>();
        using var _ = h.Notifier.Subscribe(e => { lock (events) { events.Add(e); } return Task.CompletedTask; });
        var message = await h.QueueAsync();

        await h.Dispatcher.DispatchAsync(message.Id);
        Assert.Equal(MessageStatus.Sent, (await h.ReloadAsync(message.Id)).Status);

        var report = Assert.Single(TestProviders.SimulatorReports(h.SimulatorJobs.Storage));
        Assert.Equal("delivered", report.Status);
        var statuses = h.Statuses;
        await new SimulatorStatusJob(h.Database, statuses).RunAsync(report.MessageId, report.Status, CancellationToken.None);

        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Delivered, stored.Status);
        Assert.NotNull(stored.DeliveredAt);
        // Announced after the commit, off the writer's path.
        for (var waited = 0; waited < 100 && !HasDelivered(); waited++)
        {
            await Task.Delay(50);
        }

        Assert.True(HasDelivered());

        bool HasDelivered()
        {
            lock (events)
            {
                return events.Any(e => e.MessageId == message.Id && e.Status == MessageStatus.Delivered);
            }
        }
    }

    [Fact]
    public async Task The_simulator_can_be_told_to_refuse_or_not_deliver_a_number()
    {
        await using var refusing = await SendingHarness.CreateAsync(SimulatorModule.Kind, "", a => a.Settings[SimulatorProvider.FailNumbers] = "+13125550101");
        var refused = await refusing.QueueAsync();
        await refusing.Dispatcher.DispatchAsync(refused.Id);
        var failed = await refusing.ReloadAsync(refused.Id);
        Assert.Equal(MessageStatus.Failed, failed.Status);
        Assert.Equal(FailureReason.InvalidPhoneNumber, failed.FailureReason);

        await using var dropping = await SendingHarness.CreateAsync(SimulatorModule.Kind, "", a => a.Settings[SimulatorProvider.UndeliverableNumbers] = "+13125550101");
        var dropped = await dropping.QueueAsync();
        await dropping.Dispatcher.DispatchAsync(dropped.Id);
        var report = Assert.Single(TestProviders.SimulatorReports(dropping.SimulatorJobs.Storage));
        var statuses = dropping.Statuses;
        await new SimulatorStatusJob(dropping.Database, statuses).RunAsync(report.MessageId, report.Status, CancellationToken.None);
        var undelivered = await dropping.ReloadAsync(dropped.Id);
        Assert.Equal(MessageStatus.Undelivered, undelivered.Status);
        Assert.Equal(FailureReason.UnreachableHandset, undelivered.FailureReason);
    }

    [Fact]
    public async Task A_late_or_repeated_report_never_moves_a_message_back()
    {
        await using var h = await SendingHarness.CreateAsync(SimulatorModule.Kind, "");
        var message = await h.QueueAsync();
        await h.Dispatcher.DispatchAsync(message.Id);
        var stored = await h.ReloadAsync(message.Id);
        var statuses = h.Statuses;

        Assert.True(await statuses.ApplyProviderStatusAsync(h.Account.Id, stored.ProviderMessageId!, MessageStatus.Delivered, null, null));
        Assert.False(await statuses.ApplyProviderStatusAsync(h.Account.Id, stored.ProviderMessageId!, MessageStatus.Sent, null, null));
        Assert.False(await statuses.ApplyProviderStatusAsync(h.Account.Id, stored.ProviderMessageId!, MessageStatus.Delivered, null, null));

        Assert.Equal(MessageStatus.Delivered, (await h.ReloadAsync(message.Id)).Status);
    }

    [Fact]
    public async Task A_played_reply_arrives_through_the_inbound_path_once()
    {
        await using var h = await SendingHarness.CreateAsync(SimulatorModule.Kind, "");
        await using var writer = TestProviders.Writer(h.Database, h.Jobs, h.Notifier);
        var inbound = new Portal.Infrastructure.Inbound.InboundMessageService(writer);
        var reply = new InboundText(h.Account.Id, "SIMIN1", "(312) 555-0101", "+13125550100", "On my way", [], SendingHarness.Start);

        var first = await inbound.ReceiveAsync(reply);
        var repeat = await inbound.ReceiveAsync(reply);

        Assert.True(first.Created);
        Assert.False(repeat.Created);
        Assert.Equal(first.MessageId, repeat.MessageId);
        var stored = await h.ReloadAsync(first.MessageId!.Value);
        Assert.Equal(h.Thread.Id, stored.ThreadId);
        Assert.Equal(MessageStatus.Received, stored.Status);
    }

    [Fact]
    public async Task A_played_stop_opts_the_number_out_once_and_a_played_help_is_answered_once()
    {
        await using var h = await SendingHarness.CreateAsync(SimulatorModule.Kind, "");
        var inbound = new Portal.Infrastructure.Inbound.InboundMessageService(h.Writer);

        await inbound.ReceiveAsync(new InboundText(h.Account.Id, "SIMIN-help", h.Customer.Phone!, "+13125550100", "help", [], SendingHarness.Start));
        await inbound.ReceiveAsync(new InboundText(h.Account.Id, "SIMIN-help", h.Customer.Phone!, "+13125550100", "help", [], SendingHarness.Start));
        await inbound.ReceiveAsync(new InboundText(h.Account.Id, "SIMIN-stop", h.Customer.Phone!, "+13125550100", "Stop", [], SendingHarness.Start));
        await inbound.ReceiveAsync(new InboundText(h.Account.Id, "SIMIN-stop", h.Customer.Phone!, "+13125550100", "Stop", [], SendingHarness.Start));

        Assert.Equal(Portal.Core.Customers.ConsentStatus.OptedOut, (await h.ReloadCustomerAsync()).Consent);
        await using var db = h.Database.CreateDbContext();
        Assert.Equal(1, db.Messages.Count(m => m.ThreadId == h.Thread.Id && m.Kind == MessageKind.SystemEvent && m.Body.Contains("opted out")));
        var reply = Assert.Single(db.Messages.Where(m => m.ThreadId == h.Thread.Id && m.Direction == MessageDirection.Outbound).ToList());
        Assert.Equal(MessageStatus.Queued, reply.Status);
        // The send job is enqueued after the commit, off the writer's path.
        for (var waited = 0; waited < 100 && !h.Jobs.Sends.Any(j => j.MessageId == reply.Id); waited++)
        {
            await Task.Delay(50);
        }

        Assert.Single(h.Jobs.Sends, j => j.MessageId == reply.Id);
    }
}
