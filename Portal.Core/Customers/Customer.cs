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

    /// <summary>The customer's ids in other systems, one per module at most.</summary>
    public List<CustomerExternalId> ExternalIds { get; set; } = [];
    public LeadProfile Lead { get; set; } = new();
    public List<string> Tags { get; set; } = [];

    /// <summary>The customer's own IANA time zone when known (campaigns send inside their local hours).</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>Where they live, for a department's stricter hours: a US state ("US-FL") or a country ("GB"); null: only their number's area counts.</summary>
    public string? Region { get; set; }

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

    public string? ExternalId(string module) => ExternalIds.FirstOrDefault(e => e.Module == module)?.Value;

    /// <summary>Records, changes or (with a blank value) removes the customer's id in a module's system; true when it changed.</summary>
    public bool SetExternalId(string module, string? value)
    {
        var existing = ExternalIds.FirstOrDefault(e => e.Module == module);
        var clean = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (clean is null)
        {
            return existing is not null && ExternalIds.Remove(existing);
        }

        if (existing is null)
        {
            ExternalIds.Add(new CustomerExternalId { Module = module, Value = clean });
            return true;
        }

        if (existing.Value == clean)
        {
            return false;
        }

        existing.Value = clean;
        return true;
    }

    /// <summary>The ids as a provider needs them, by module.</summary>
    public IReadOnlyDictionary<string, string> ExternalIdsByModule() => ExternalIds.ToDictionary(e => e.Module, e => e.Value);
}
