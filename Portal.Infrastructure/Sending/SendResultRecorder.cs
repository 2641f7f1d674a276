using Microsoft.Extensions.Options;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Core.Sending;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Sending;

/// <summary>
/// What a provider's answer does to a claimed message, the same for a single text and a campaign's: accepted, it is
/// Sent; a transient failure waits to retry with backoff until the attempts run out; an ambiguous one (a timeout, a 5xx)
/// is flagged for a person and never re-sent blindly; a refusal fails it, and a refusal because the number opted out
/// records that opt-out for the number. Works in the caller's unit of work: the caller saves, then publishes the
/// consent changes collected in its <see cref="AfterCommit"/>.
/// </summary>
public sealed class SendResultRecorder(IOptions<SendingOptions> options)
{
    public const string AmbiguousAdvice = "The provider may or may not have sent it: check with the customer before sending again.";

    /// <param name="noRetryBecause">When set, a transient failure is not tried again, and this says why.</param>
    public async Task<DispatchOutcome> ApplyAsync(
        PortalDbContext db, Message message, Customer customer, SendResult result, DateTime now, AfterCommit consentChanged,
        CancellationToken cancellationToken, string? noRetryBecause = null)
    {
        switch (result.Outcome)
        {
            case SendOutcome.Accepted:
                message.ProviderMessageId = result.ProviderMessageId;
                message.FailureReason = null;
                message.FailureDetail = null;
                message.TryMoveTo(MessageStatus.Sent, now);
                return DispatchOutcome.Sent;
            case SendOutcome.Transient when noRetryBecause is not null:
                message.Fail(result.Reason ?? FailureReason.ProviderUnavailable, $"{result.Detail} {noRetryBecause}", now);
                return DispatchOutcome.Failed;
            case SendOutcome.Transient when message.Attempts < options.Value.MaxAttempts:
                message.MoveTo(MessageStatus.Retrying, now);
                message.FailureReason = result.Reason;
                message.FailureDetail = result.Detail;
                message.NextAttemptAt = now + options.Value.RetryDelay(message.Attempts, result.RetryAfter, Random.Shared);
                return DispatchOutcome.Retrying;
            case SendOutcome.Transient:
                message.Fail(result.Reason ?? FailureReason.ProviderUnavailable, $"{result.Detail} (gave up after {message.Attempts} attempts)", now);
                return DispatchOutcome.Failed;
            case SendOutcome.Ambiguous:
                message.Fail(FailureReason.OutcomeUnknown, $"{result.Detail} {AmbiguousAdvice}", now);
                return DispatchOutcome.Failed;
            default:
                message.Fail(result.Reason ?? FailureReason.ProviderRejected, result.Detail, now);
                if (result.Reason == FailureReason.OptedOut && customer.Phone is not null)
                {
                    var entry = new ConsentEntry
                    {
                        Number = customer.Phone,
                        Status = ConsentStatus.OptedOut,
                        ActedAt = now,
                        RecordedAt = now,
                        Source = ConsentSource.ProviderReport,
                        MessageId = message.Id,
                        Detail = $"The provider refused message {message.Id}: the number has opted out",
                    };
                    await NumberConsent.RecordAsync(db, entry, "the provider refused a text", consentChanged, cancellationToken, customer);
                }

                return DispatchOutcome.Failed;
        }
    }
}
