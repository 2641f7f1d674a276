using System.Globalization;
using Portal.Core.Customers;

namespace Portal.Core.Templates;

/// <summary>The values merge fields are filled with, for one customer and one sender.</summary>
public sealed record MergeContext(string? FirstName, string? LastName, string? Vehicle, string? RepName, string? DepartmentName)
{
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? LeadStatus { get; init; }
    public string? LeadSource { get; init; }
    public string? Budget { get; init; }
    public string? TimeToPurchase { get; init; }

    /// <summary>When the department next opens, in words; set only where a text is written while it is closed.</summary>
    public string? OpensAt { get; init; }

    /// <summary>The lead's own sales rep when it has one, otherwise <paramref name="senderName"/>.</summary>
    public static MergeContext For(Customer customer, string? senderName, string? departmentName) =>
        new(customer.FirstName, customer.LastName, customer.Lead.VehicleOfInterest,
            string.IsNullOrWhiteSpace(customer.Lead.SalesRep) ? senderName : customer.Lead.SalesRep, departmentName)
        {
            Email = customer.Email,
            Phone = customer.Phone,
            LeadStatus = customer.Lead.ProcessStatus,
            LeadSource = customer.Lead.Source,
            Budget = customer.Lead.Budget?.ToString("C0", CultureInfo.GetCultureInfo("en-US")),
            TimeToPurchase = customer.Lead.TimeToPurchase,
        };
}
