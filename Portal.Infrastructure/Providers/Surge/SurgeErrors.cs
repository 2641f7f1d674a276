using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.Surge;

/// <summary>Surge's error types and delivery failure reasons, and what each means for another attempt.</summary>
public static class SurgeErrors
{
    public static (SendOutcome Outcome, FailureReason Reason) Classify(string? type) => type switch
    {
        "opted_out" => (SendOutcome.Permanent, FailureReason.OptedOut),
        "invalid_mobile_number" or "invalid_phone_number" => (SendOutcome.Permanent, FailureReason.InvalidPhoneNumber),
        "unreachable_carrier" => (SendOutcome.Permanent, FailureReason.NotMobileNumber),
        "no_phone_number" or "phone_number_not_found" => (SendOutcome.Permanent, FailureReason.ProviderRejected),
        "rate_limited" or "too_many_requests" => (SendOutcome.Transient, FailureReason.RateLimited),
        _ => (SendOutcome.Permanent, FailureReason.ProviderRejected),
    };
}
