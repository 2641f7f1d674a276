using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Sending;

/// <summary>Why a customer may not be texted now: the message fails with this reason instead of reaching a provider.</summary>
public sealed record RecipientRefusal(FailureReason Reason, string Detail);

/// <summary>
/// The one place that says whether a customer may be texted now, for every sender: consent by number (the number's
/// ledger, whatever the record shows), a number that can take a text, and the sending window. Loaded once per batch of
/// recipients.
/// </summary>
public sealed class RecipientGate
{
    public const string OptedOutDetail = "The customer opted out before it was sent.";

    private readonly HashSet<string> optedOutNumbers;

    private RecipientGate(HashSet<string> optedOutNumbers) => this.optedOutNumbers = optedOutNumbers;

    /// <summary>Reads, in one query, which of these customers' numbers have an opt-out in effect in their ledgers.</summary>
    public static async Task<RecipientGate> ForAsync(PortalDbContext db, IEnumerable<Customer> customers, CancellationToken cancellationToken)
    {
        // A record showing an opt-out (the ledger's, possibly recorded in this unit of work) answers for itself.
        var phones = customers.Where(c => !c.IsOptedOut).Select(c => c.Phone).OfType<string>().Distinct().ToList();
        return new RecipientGate(await Consent.OptedOutNumbers.AmongAsync(db, phones, cancellationToken));
    }

    /// <summary>Null when the customer may be texted; otherwise why not.</summary>
    public RecipientRefusal? Refusal(Customer customer)
    {
        if (customer.IsOptedOut || (customer.Phone is { } phone && optedOutNumbers.Contains(phone)))
        {
            return new RecipientRefusal(FailureReason.OptedOut, OptedOutDetail);
        }

        return SenderAddress.WhyUntextable(customer.Phone) is { } untextable ? new RecipientRefusal(FailureReason.InvalidPhoneNumber, untextable) : null;
    }

    /// <summary>
    /// <paramref name="now"/> when an automated text may go now in the recipient's own time (their zone, else every
    /// zone their number may be in, else the department's), otherwise when it next may. A campaign's window is also
    /// held within 8:00–21:00 there.
    /// </summary>
    public static DateTime RecipientWindowOpening(DateTime now, Department department, Customer customer, bool campaign = false) =>
        RecipientWindow.For(department, customer, campaign).NextOpening(now);
}
