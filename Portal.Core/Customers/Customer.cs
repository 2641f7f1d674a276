using Portal.Core.Common;

namespace Portal.Core.Customers;

public class Customer : Entity
{
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";

    /// <summary>E.164, produced only by <see cref="PhoneNumberNormalizer"/>.</summary>
    public string? Phone { get; set; }

    public string? Email { get; set; }
    public ContactChannel PreferredChannel { get; set; } = ContactChannel.Text;
    public ConsentStatus Consent { get; set; } = ConsentStatus.Unknown;
    public DateTime? ConsentChangedAt { get; set; }

    /// <summary>What changed consent last: a keyword with its message id, a provider event, a user.</summary>
    public string? ConsentSource { get; set; }

    public string? DmsCustomerId { get; set; }
    public string? DrivlyLeadId { get; set; }
    public LeadProfile Lead { get; set; } = new();
    public List<string> Tags { get; set; } = [];

    /// <summary>The customer's own IANA time zone when known (campaigns send inside their local hours).</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>Created from an inbound text by a number the dealership did not know.</summary>
    public bool IsUnknownContact { get; set; }

    public string DisplayName
    {
        get
        {
            var name = $"{FirstName} {LastName}".Trim();
            return name.Length > 0 ? name : Phone ?? Email ?? "Unknown contact";
        }
    }

    public bool IsOptedOut => Consent == ConsentStatus.OptedOut;
}
