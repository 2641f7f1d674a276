using Portal.Core.Common;

namespace Portal.Core.Sending;

/// <summary>
/// A person's text that would reach the customer outside the sending hours in the customer's own time: it goes only
/// once they confirm. The message names the customer's time and the sender's (see <see cref="RecipientWindow.Explain"/>).
/// </summary>
public sealed class OutsideSendingHoursException(string message, DateTime nextWindowUtc, string nextWindowForCustomer) : DomainException(message)
{
    /// <summary>When the window next opens for the customer, in UTC.</summary>
    public DateTime NextWindowUtc { get; } = nextWindowUtc;

    /// <summary>That opening in the customer's time ("8:00 AM in Honolulu").</summary>
    public string NextWindowForCustomer { get; } = nextWindowForCustomer;
}
