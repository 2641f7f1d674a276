using Hangfire;
using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.Simulator;

/// <summary>
/// The built-in provider of the embedded default and the demo. It accepts sends and later reports delivery through the
/// same status path a real provider's webhook uses. Numbers listed in the account's <c>FailNumbers</c> are refused as
/// invalid; numbers in <c>UndeliverableNumbers</c> are accepted and then reported undelivered.
/// </summary>
internal sealed class SimulatorProvider(IBackgroundJobClient jobs) : IMessageProvider
{
    public const string FailNumbers = "FailNumbers";
    public const string UndeliverableNumbers = "UndeliverableNumbers";
    public const string DeliveryDelayMs = "DeliveryDelayMs";

    public ProviderKind Kind => SimulatorModule.Kind;

    public Task<SendResult> SendAsync(ProviderAccountSettings account, OutboundText message, CancellationToken cancellationToken)
    {
        if (Listed(account, FailNumbers, message.To))
        {
            return Task.FromResult(SendResult.Permanent(FailureReason.InvalidPhoneNumber, "21211: Simulator set to refuse this number", 400));
        }

        var id = $"SIM{Guid.NewGuid():N}";
        var delay = TimeSpan.FromMilliseconds(int.TryParse(account.Extra(DeliveryDelayMs), out var ms) ? ms : 1500);
        var status = Listed(account, UndeliverableNumbers, message.To) ? "undelivered" : "delivered";
        jobs.Schedule<SimulatorStatusJob>(job => job.RunAsync(message.MessageId, status, CancellationToken.None), delay);
        return Task.FromResult(SendResult.Accepted(id, 201, $"{{\"sid\":\"{id}\",\"status\":\"queued\"}}"));
    }

    private static bool Listed(ProviderAccountSettings account, string key, string number) =>
        (account.Extra(key) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(number);
}
