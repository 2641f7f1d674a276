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
        _ => reason.ToString(),
    };
}
