namespace Portal.Core.Messages;

/// <summary>
/// Why a message did not go out, modelled on the DMS draftFailureReason codes and the providers' error classes.
/// Whether a reason is worth another attempt is <see cref="FailureReasons.IsTransient"/>.
/// </summary>
public enum FailureReason
{
    OptedOut,
    InvalidPhoneNumber,
    NotMobileNumber,
    OutsideSendingHours,
    Blocked,
    FilteredAsSpam,
    ProviderRejected,
    ProviderUnavailable,
    RateLimited,
    UnreachableHandset,
    CarrierError,
    NoProviderConfigured,
    /// <summary>The provider may or may not have sent it (timeout or 5xx after the request left); a person decides.</summary>
    OutcomeUnknown,
    Unknown,
}

public static class FailureReasons
{
    public static bool IsTransient(this FailureReason reason) => reason is
        FailureReason.ProviderUnavailable or FailureReason.RateLimited or
        FailureReason.UnreachableHandset or FailureReason.CarrierError;

    /// <summary>The number itself cannot take texts: sending to it again fails the same way.</summary>
    public static bool MeansNumberNotTextable(this FailureReason reason) => reason is FailureReason.InvalidPhoneNumber or FailureReason.NotMobileNumber;

    public static string Describe(this FailureReason reason) => reason switch
    {
        FailureReason.OptedOut => "The customer has opted out of texts.",
        FailureReason.InvalidPhoneNumber => "The phone number is not valid.",
        FailureReason.NotMobileNumber => "The number is not a mobile number.",
        FailureReason.OutsideSendingHours => "Outside the department's sending hours.",
        FailureReason.Blocked => "The carrier blocked the message.",
        FailureReason.FilteredAsSpam => "The carrier filtered the message as spam.",
        FailureReason.ProviderRejected => "The provider rejected the message.",
        FailureReason.ProviderUnavailable => "The provider could not be reached.",
        FailureReason.RateLimited => "The provider asked us to slow down.",
        FailureReason.UnreachableHandset => "The customer's phone could not be reached.",
        FailureReason.CarrierError => "The carrier reported an error.",
        FailureReason.NoProviderConfigured => "No provider is set up for this department.",
        FailureReason.OutcomeUnknown => "The provider did not confirm; check before sending again.",
        _ => "The message failed for an unknown reason.",
    };
}
