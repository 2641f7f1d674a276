namespace Portal.Core.Customers;

/// <summary>The parts of a Drivly lead a salesperson needs beside the conversation.</summary>
public class LeadProfile
{
    public string? VehicleOfInterest { get; set; }
    public decimal? Budget { get; set; }
    public string? TimeToPurchase { get; set; }
    public string? ProcessStatus { get; set; }
    public string? SalesRep { get; set; }
    public string? Source { get; set; }
}
