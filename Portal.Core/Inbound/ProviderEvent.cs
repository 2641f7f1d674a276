using Portal.Core.Messages;

namespace Portal.Core.Inbound;

/// <summary>Something a provider reported, in the portal's own terms.</summary>
public abstract record ProviderEvent;

/// <summary>A customer's text. <see cref="From"/> is the sender exactly as the provider reported it.</summary>
public sealed record InboundTextEvent(
    string ProviderMessageId,
    string From,
    string To,
    string Body,
    IReadOnlyList<Attachment> Media,
    DateTime? ReportedAtUtc) : ProviderEvent;

/// <summary>A status report for a message the portal sent; <see cref="PortalMessageId"/> when the provider echoes our id.</summary>
public sealed record DeliveryReportEvent(
    string ProviderMessageId,
    MessageStatus Status,
    FailureReason? Reason,
    string? Detail,
    Guid? PortalMessageId = null) : ProviderEvent;

/// <summary>The provider's own record of a number opting out or back in.</summary>
public sealed record ConsentReportEvent(string Phone, bool OptedOut, string Description) : ProviderEvent;

/// <summary>A well-formed event the portal has no use for (conversation.created, a queued status).</summary>
public sealed record UnusedEvent(string Why) : ProviderEvent;
