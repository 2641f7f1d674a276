using Portal.Core.Threads;

namespace Portal.Core.Customers;

public sealed record CustomerListItem(Guid Id, string Name, string? Phone, string? Email, ConsentStatus Consent, string? VehicleOfInterest, int ThreadCount, DateTime? LastActivityAt);

/// <param name="ConsentLedger">Every opt-in and opt-out of the customer's number, newest act first.</param>
/// <param name="Shared">The customer also talks to a department outside the reader's: <see cref="Customer"/> holds only their
/// name, number and consent, and the record cannot be changed from here.</param>
public sealed record CustomerDetail(Customer Customer, IReadOnlyList<ThreadSummary> Threads, IReadOnlyList<Consent.ConsentEntry> ConsentLedger, bool Shared = false)
{
    /// <summary>The conversation holding each ledger entry's message, where the reader may open it.</summary>
    public IReadOnlyDictionary<Guid, Guid> LedgerMessageThreads { get; init; } = new Dictionary<Guid, Guid>();
}
