using Portal.Core.Common;

namespace Portal.Core.Sending;

/// <summary>A person's reply outside the department's sending hours: it goes only once they confirm.</summary>
public sealed class OutsideSendingHoursException(DateTime localNow, DateTime nextWindowUtc)
    : DomainException($"It is {localNow:h:mm tt} for the customer, outside the department's sending hours.")
{
    public DateTime LocalNow { get; } = localNow;
    public DateTime NextWindowUtc { get; } = nextWindowUtc;
}
