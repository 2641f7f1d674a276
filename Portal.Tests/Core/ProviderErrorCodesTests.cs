using Portal.Core.Messages;
using Portal.Core.Providers;

namespace Portal.Tests.Core;

public class ProviderErrorCodesTests
{
    [Theory]
    [InlineData(21211, SendOutcome.Permanent, FailureReason.InvalidPhoneNumber)]
    [InlineData(21610, SendOutcome.Permanent, FailureReason.OptedOut)]
    [InlineData(21614, SendOutcome.Permanent, FailureReason.NotMobileNumber)]
    [InlineData(30004, SendOutcome.Permanent, FailureReason.Blocked)]
    [InlineData(30005, SendOutcome.Permanent, FailureReason.InvalidPhoneNumber)]
    [InlineData(30006, SendOutcome.Permanent, FailureReason.NotMobileNumber)]
    [InlineData(30007, SendOutcome.Permanent, FailureReason.FilteredAsSpam)]
    [InlineData(30001, SendOutcome.Transient, FailureReason.ProviderUnavailable)]
    [InlineData(30003, SendOutcome.Transient, FailureReason.UnreachableHandset)]
    [InlineData(30008, SendOutcome.Transient, FailureReason.CarrierError)]
    [InlineData(30022, SendOutcome.Transient, FailureReason.RateLimited)]
    [InlineData(20429, SendOutcome.Transient, FailureReason.RateLimited)]
    [InlineData(99999, SendOutcome.Permanent, FailureReason.ProviderRejected)]
    public void Twilio_compatible_codes_are_classified(int code, SendOutcome outcome, FailureReason reason) =>
        Assert.Equal((outcome, reason), SignalWireErrorCodes.Classify(code));

    [Theory]
    [InlineData("opted_out", SendOutcome.Permanent, FailureReason.OptedOut)]
    [InlineData("invalid_mobile_number", SendOutcome.Permanent, FailureReason.InvalidPhoneNumber)]
    [InlineData("unreachable_carrier", SendOutcome.Permanent, FailureReason.NotMobileNumber)]
    [InlineData("phone_number_not_found", SendOutcome.Permanent, FailureReason.ProviderRejected)]
    [InlineData(null, SendOutcome.Permanent, FailureReason.ProviderRejected)]
    public void Surge_error_types_are_classified(string? type, SendOutcome outcome, FailureReason reason) =>
        Assert.Equal((outcome, reason), SurgeErrors.Classify(type));
}
