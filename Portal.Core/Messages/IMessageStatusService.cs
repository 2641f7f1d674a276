namespace Portal.Core.Messages;

/// <summary>The one status path every provider report goes through: webhooks, the Simulator, reconciliation.</summary>
public interface IMessageStatusService
{
    /// <summary>Moves the message forward if the state machine allows it; false (and nothing changes) if it does not.</summary>
    /// <param name="portalMessageId">Our own id, when the provider echoes it (a status callback URL can carry it):
    /// it matches a report that overtakes the recording of the provider's id.</param>
    Task<bool> ApplyProviderStatusAsync(Guid providerAccountId, string providerMessageId, MessageStatus status, FailureReason? reason, string? detail, CancellationToken cancellationToken = default, Guid? portalMessageId = null);
}
