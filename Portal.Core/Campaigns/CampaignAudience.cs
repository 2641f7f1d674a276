namespace Portal.Core.Campaigns;

/// <summary>Who a campaign is for (filters, all of which must match) and who it leaves out.</summary>
public sealed class CampaignAudience
{
    /// <summary>Customers with any of these tags (case-insensitive); empty: any.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Customers whose lead status is one of these; empty: any.</summary>
    public List<string> LeadStatuses { get; set; } = [];

    /// <summary>Vehicle of interest containing this text.</summary>
    public string? VehicleContains { get; set; }

    /// <summary>Last activity in the department's conversation before / after these moments (UTC).</summary>
    public DateTime? LastContactBefore { get; set; }
    public DateTime? LastContactAfter { get; set; }

    /// <summary>True: only customers with an open conversation; false: only those without; null: either.</summary>
    public bool? HasOpenConversation { get; set; }

    /// <summary>An explicit list: when not empty, only these customers (still filtered and checked).</summary>
    public List<Guid> CustomerIds { get; set; } = [];

    /// <summary>An explicit list of numbers in E.164: when not empty, only customers with one of them.</summary>
    public List<string> Phones { get; set; } = [];

    /// <summary>Leave out anyone the department texted in the last N days.</summary>
    public int? ExcludeContactedWithinDays { get; set; } = 7;

    /// <summary>Leave out numbers a provider refused as not textable (invalid, not a mobile) in the last N days.</summary>
    public int? ExcludeFailedWithinDays { get; set; } = 30;

    /// <summary>Leave out anyone with an open conversation active in the last N hours: staff are talking to them.</summary>
    public int? ExcludeActiveConversationWithinHours { get; set; } = 48;
}
