using Portal.Core.Threads;

namespace Portal.Core.Customers;

public sealed record CustomerListItem(Guid Id, string Name, string? Phone, string? Email, ConsentStatus Consent, string? VehicleOfInterest, int ThreadCount, DateTime? LastActivityAt);

/// <param name="ConsentLedger">Every opt-in and opt-out of the customer's number, newest act first.</param>
public sealed record CustomerDetail(Customer Customer, IReadOnlyList<ThreadSummary> Threads, IReadOnlyList<Consent.ConsentEntry> ConsentLedger);
