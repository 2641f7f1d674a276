using Portal.Core.Messages;

namespace Portal.Core.Reports;

/// <summary>
/// Outbound texts by what became of them. Of the <see cref="Attempted"/>: <see cref="Sent"/> left the portal
/// (delivered, undelivered, or not yet reported); <see cref="Failed"/> did not reach the customer (refused before it
/// left, or reported undelivered); <see cref="OutcomeUnknown"/> may or may not have gone (a timeout or 5xx after the
/// request left); <see cref="Pending"/> is still queued or waiting to retry.
/// </summary>
public sealed record DeliveryRow(Guid? Id, string Name, int Attempted, int Sent, int Delivered, int Failed, int OutcomeUnknown, int Pending)
{
    public double? DeliveredShare => Sent == 0 ? null : (double)Delivered / Sent;

    public double? OutcomeUnknownShare => Attempted == 0 ? null : (double)OutcomeUnknown / Attempted;
}

public sealed record FailureCount(FailureReason Reason, string Description, int Count);

/// <summary>Delivery of outbound texts in the range, overall, per provider account and per failure reason.</summary>
public sealed record Delivery(DeliveryRow Overall, IReadOnlyList<DeliveryRow> ByAccount, IReadOnlyList<FailureCount> ByReason);
