using Portal.Core.Inbound;
using Portal.Core.Messages;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Inbound;

namespace Portal.Infrastructure.Sending;

/// <summary>Status reports that do not come by webhook (the Simulator's) take the same use case and writer as those that do.</summary>
internal sealed class MessageStatusService(IngestWriter writer, TimeProvider clock) : IMessageStatusService
{
    public async Task<bool> ApplyProviderStatusAsync(Guid providerAccountId, string providerMessageId, MessageStatus status, FailureReason? reason, string? detail, CancellationToken cancellationToken = default, Guid? portalMessageId = null)
    {
        var report = new DeliveryReportEvent(providerMessageId, status, reason, detail, portalMessageId);
        var result = await writer.WriteAsync(new IngestItem(providerAccountId, report, clock.GetUtcNow().UtcDateTime), cancellationToken);
        return result.Outcome == WebhookOutcome.Processed;
    }
}
