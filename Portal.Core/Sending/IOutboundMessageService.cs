using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Security;

namespace Portal.Core.Sending;

/// <summary>Puts outbound texts into the database first, then hands their ids to the job scheduler.</summary>
public interface IOutboundMessageService
{
    /// <exception cref="ValidationException">Empty, too long, no phone, or no provider.</exception>
    /// <exception cref="DomainException">The customer opted out.</exception>
    /// <exception cref="OutsideSendingHoursException">A person's reply outside hours, not yet confirmed.</exception>
    Task<Message> QueueAsync(DepartmentScope scope, Guid threadId, ComposeRequest request, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Cancels a message that has not started sending.</summary>
    Task CancelAsync(DepartmentScope scope, Guid messageId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Moves a scheduled message to another time.</summary>
    Task RescheduleAsync(DepartmentScope scope, Guid messageId, DateTime sendAtUtc, CancellationToken cancellationToken = default);
}
