namespace Portal.Core.Campaigns;

public enum ExclusionReason
{
    OptedOut,
    NoPhoneNumber,
    InvalidNumber,

    /// <summary>A short code or a name: it can send to us but cannot be texted.</summary>
    UnreachableSender,

    /// <summary>Another recipient has the same number; they get one text.</summary>
    Duplicate,
    RecentlyContacted,
    ActiveConversation,

    /// <summary>A provider refused the number as not textable (invalid, not a mobile) within the audience's window.</summary>
    RecentlyFailed,

    /// <summary>The department texts marketing only to customers whose opt-in is recorded, and this one's is not.</summary>
    NoConsentOnRecord,
}

public static class ExclusionReasons
{
    public static string Describe(this ExclusionReason reason, CampaignAudience audience) => reason switch
    {
        ExclusionReason.OptedOut => "Opted out of texts",
        ExclusionReason.NoPhoneNumber => "No phone number",
        ExclusionReason.InvalidNumber => "Not a valid mobile number",
        ExclusionReason.UnreachableSender => "A short code or name, which cannot be texted",
        ExclusionReason.Duplicate => "Same number as another recipient",
        ExclusionReason.RecentlyContacted => $"Texted by the department in the last {audience.ExcludeContactedWithinDays} days",
        ExclusionReason.ActiveConversation => $"In a conversation active in the last {audience.ExcludeActiveConversationWithinHours} hours",
        ExclusionReason.RecentlyFailed => $"A provider refused this number as not textable in the last {audience.ExcludeFailedWithinDays} days",
        ExclusionReason.NoConsentOnRecord => "No consent on record (the department texts marketing only with recorded consent)",
        _ => reason.ToString(),
    };
}
