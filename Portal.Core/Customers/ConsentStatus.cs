namespace Portal.Core.Customers;

public enum ConsentStatus
{
    /// <summary>No keyword or form has said either way; transactional replies are allowed.</summary>
    Unknown,
    OptedIn,
    OptedOut,
}
