using Portal.Core.Threads;

namespace Portal.Core.Customers;

public sealed record CustomerListItem(Guid Id, string Name, string? Phone, string? Email, ConsentStatus Consent, string? VehicleOfInterest, int ThreadCount, DateTime? LastActivityAt);

public sealed record CustomerDetail(Customer Customer, IReadOnlyList<ThreadSummary> Threads);
