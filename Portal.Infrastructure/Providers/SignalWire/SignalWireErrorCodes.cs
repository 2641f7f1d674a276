using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers.SignalWire;

/// <summary>The Twilio/SignalWire error codes the portal acts on, and what each means for another attempt.</summary>
public static class SignalWireErrorCodes
{
    public static (SendOutcome Outcome, FailureReason Reason) Classify(int code) => code switch
    {
        21211 => (SendOutcome.Permanent, FailureReason.InvalidPhoneNumber),
        21610 => (SendOutcome.Permanent, FailureReason.OptedOut),
        21614 => (SendOutcome.Permanent, FailureReason.NotMobileNumber),
        30004 => (SendOutcome.Permanent, FailureReason.Blocked),
        30005 => (SendOutcome.Permanent, FailureReason.InvalidPhoneNumber),
        30006 => (SendOutcome.Permanent, FailureReason.NotMobileNumber),
        30007 => (SendOutcome.Permanent, FailureReason.FilteredAsSpam),
        30001 => (SendOutcome.Transient, FailureReason.ProviderUnavailable),
        30003 => (SendOutcome.Transient, FailureReason.UnreachableHandset),
        30008 => (SendOutcome.Transient, FailureReason.CarrierError),
        30022 => (SendOutcome.Transient, FailureReason.RateLimited),
        30027 => (SendOutcome.Transient, FailureReason.RateLimited),
        20429 => (SendOutcome.Transient, FailureReason.RateLimited),
        _ => (SendOutcome.Permanent, FailureReason.ProviderRejected),
    };
}
