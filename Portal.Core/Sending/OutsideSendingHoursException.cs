using Portal.Core.Common;

namespace Portal.Core.Sending;

/// <summary>
/// A person's reply that would go outside the department's sending hours: it goes only once they confirm.
/// <paramref name="localSendTime"/> is when it would go, in the department's zone (now, or the time picked).
/// </summary>
public sealed class OutsideSendingHoursException(DateTime localSendTime, DateTime nextWindowUtc, bool isNow = true)
    : DomainException(isNow
        ? $"It is {localSendTime:h:mm tt} for the customer, outside the department's sending hours."
        : $"{localSendTime:h:mm tt} for the customer is outside the department's sending hours.")
{
    public DateTime LocalSendTime { get; } = localSendTime;
    public DateTime NextWindowUtc { get; } = nextWindowUtc;
}
