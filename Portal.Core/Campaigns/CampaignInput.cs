using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Campaigns;

/// <summary>What a manager fills in for a campaign.</summary>
public sealed class CampaignInput
{
    [Required(ErrorMessage = "Give the campaign a name.")]
    [StringLength(100, ErrorMessage = "A name can be at most 100 characters.")]
    public string Name { get; set; } = "";

    public Guid? DepartmentId { get; set; }

    /// <summary>Null: the department's default account.</summary>
    public Guid? ProviderAccountId { get; set; }

    public List<VariantInput> Variants { get; set; } = [new()];

    public CampaignAudience Audience { get; set; } = new();

    /// <summary>UTC; null: as soon as it is scheduled.</summary>
    public DateTime? StartAt { get; set; }

    /// <summary>Null: the provider account's rate.</summary>
    [Range(1, CampaignLimits.MaxMessagesPerMinute, ErrorMessage = "Send between 1 and 30,000 messages a minute.")]
    public int? MessagesPerMinute { get; set; }
}

public sealed class VariantInput
{
    public Guid? TemplateId { get; set; }

    /// <summary>The text with merge fields; filled from the template when one is picked.</summary>
    public string Body { get; set; } = "";

    [Range(1, 100, ErrorMessage = "A share is between 1 and 100 %.")]
    public int Percent { get; set; } = 100;
}

public static class CampaignLimits
{
    /// <summary>500 a second: beyond what one short code is allowed; the provider account's own rate is the usual pace.</summary>
    public const int MaxMessagesPerMinute = 30_000;
}
