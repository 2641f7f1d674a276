using Portal.Core.Messages;
using Portal.Infrastructure.Sending;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Providers;

public sealed class ConnectionRefusedTests
{
    [Fact]
    public async Task A_refused_connection_never_reached_the_provider_so_it_is_retried_then_failed_after_the_last_attempt()
    {
        await using var h = await SendingHarness.CreateAsync(SurgeModule.Kind, FakeProviderServer.RefusingUrl());
        var message = await h.QueueAsync();

        var outcomes = new List<DispatchOutcome>();
        for (var attempt = 0; attempt < h.Options.MaxAttempts; attempt++)
        {
            outcomes.Add(await h.Dispatcher.DispatchAsync(message.Id));
            h.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal([DispatchOutcome.Retrying, DispatchOutcome.Retrying, DispatchOutcome.Failed], outcomes);
        var stored = await h.ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, stored.Status);
        Assert.Equal(FailureReason.ProviderUnavailable, stored.FailureReason);
        Assert.Equal(3, stored.Attempts);
        Assert.Contains("after 3 attempts", stored.FailureDetail);
    }
}
