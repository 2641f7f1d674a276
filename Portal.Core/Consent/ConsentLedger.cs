using Portal.Core.Customers;

namespace Portal.Core.Consent;

/// <summary>The rules of a number's consent ledger: which entry is in effect, and who may add which entry.</summary>
public static class ConsentLedger
{
    /// <summary>
    /// The entry in effect: the latest by the time the customer acted, whatever the order they arrived in; at the same
    /// instant the later recorded, and at the same record time the opt-out.
    /// </summary>
    public static ConsentEntry? InEffect(IEnumerable<ConsentEntry> entries) =>
        entries.OrderByDescending(e => e.ActedAt).ThenByDescending(e => e.RecordedAt).ThenByDescending(e => e.Status == ConsentStatus.OptedOut).FirstOrDefault();

    public static ConsentStatus StateOf(IEnumerable<ConsentEntry> entries) => InEffect(entries)?.Status ?? ConsentStatus.Unknown;

    /// <summary>
    /// Null when <paramref name="entry"/> may be added; otherwise why not. Anyone may record an opt-out. An opt-in over an
    /// opt-out in effect needs the customer (a keyword or a provider's report from the number) or an admin with a reason.
    /// </summary>
    public static string? Refusal(IReadOnlyCollection<ConsentEntry> entries, ConsentEntry entry)
    {
        if (entry.Status is not (ConsentStatus.OptedIn or ConsentStatus.OptedOut))
        {
            return "An entry is an opt-in or an opt-out.";
        }

        if (entry.Status == ConsentStatus.OptedOut || entry.IsTheCustomersOwn)
        {
            return null;
        }

        if (entry.Source == ConsentSource.Admin)
        {
            return string.IsNullOrWhiteSpace(entry.Detail) ? "An admin reversing an opt-out says why." : null;
        }

        return InEffect(entries) is { Status: ConsentStatus.OptedOut } stop
            ? $"The customer opted out of texts on {stop.ActedAt:yyyy-MM-dd} ({stop.Detail}). Only the customer can opt back in, by texting START from the number, or an admin with a written reason."
            : null;
    }
}
