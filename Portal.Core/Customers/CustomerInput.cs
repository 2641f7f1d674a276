using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Customers;

/// <summary>What a person types into the customer form; validated here and again by <see cref="ICustomerService"/>.</summary>
public sealed class CustomerInput
{
    [Required(ErrorMessage = "First name is required.")]
    [StringLength(100, ErrorMessage = "First name can be at most 100 characters.")]
    public string FirstName { get; set; } = "";

    [StringLength(100, ErrorMessage = "Last name can be at most 100 characters.")]
    public string LastName { get; set; } = "";

    [PhoneNumber]
    public string? Phone { get; set; }

    /// <summary>Optional: a cleared field is no email, not an invalid one.</summary>
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(254, ErrorMessage = "Email can be at most 254 characters.")]
    public string? Email { get; set => field = string.IsNullOrWhiteSpace(value) ? null : value; }

    public ContactChannel PreferredChannel { get; set; } = ContactChannel.Text;

    /// <summary>Where the customer lives (IANA id), for their sending hours; blank: judged from their number.</summary>
    [StringLength(64, ErrorMessage = "Time zone can be at most 64 characters.")]
    public string? TimeZoneId { get; set => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim(); }

    /// <summary>Where they live for stricter hours: "US-FL", "GB", or a state's name; blank: only their number's area counts.</summary>
    [StringLength(40, ErrorMessage = "State or country can be at most 40 characters.")]
    public string? Region { get; set => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim(); }

    /// <summary>The customer's ids in other systems, by module (see <see cref="CustomerIdField"/>); a blank value removes one.</summary>
    public Dictionary<string, string?> ExternalIds { get; set; } = [];

    [StringLength(200, ErrorMessage = "Vehicle of interest can be at most 200 characters.")]
    public string? VehicleOfInterest { get; set; }

    [Range(0, 10_000_000, ErrorMessage = "Budget must be between 0 and 10,000,000.")]
    public decimal? Budget { get; set; }

    [StringLength(100, ErrorMessage = "Time to purchase can be at most 100 characters.")]
    public string? TimeToPurchase { get; set; }

    [StringLength(100, ErrorMessage = "Process status can be at most 100 characters.")]
    public string? ProcessStatus { get; set; }

    [StringLength(100, ErrorMessage = "Sales rep can be at most 100 characters.")]
    public string? SalesRep { get; set; }

    /// <summary>Comma-separated.</summary>
    [StringLength(500, ErrorMessage = "Tags can be at most 500 characters.")]
    public string? Tags { get; set; }

    /// <summary>On create: open a thread in this department straight away.</summary>
    public Guid? OpenThreadInDepartmentId { get; set; }

    public static CustomerInput From(Customer c) => new()
    {
        FirstName = c.FirstName,
        LastName = c.LastName,
        Phone = c.Phone,
        Email = c.Email,
        PreferredChannel = c.PreferredChannel,
        TimeZoneId = c.TimeZoneId,
        Region = c.Region,
        ExternalIds = c.ExternalIds.ToDictionary(e => e.Module, e => (string?)e.Value),
        VehicleOfInterest = c.Lead.VehicleOfInterest,
        Budget = c.Lead.Budget,
        TimeToPurchase = c.Lead.TimeToPurchase,
        ProcessStatus = c.Lead.ProcessStatus,
        SalesRep = c.Lead.SalesRep,
        Tags = string.Join(", ", c.Tags),
    };
}
