using Portal.Core.Inbound;
using Portal.Core.Messages;

namespace Portal.Infrastructure.Inbound;

/// <summary>Texts that arrive other than by webhook (the Simulator's "customer replies") take the webhook's use case and writer.</summary>
internal sealed class InboundMessageService(IngestWriter writer) : IInboundMessageService
{
    public async Task<InboundResult> ReceiveAsync(InboundText text, CancellationToken cancellationToken = default)
    {
        var item = new IngestItem(text.ProviderAccountId,
            new InboundTextEvent(text.ProviderMessageId, text.From, text.To, text.Body, text.Media, text.ReceivedAtUtc), text.ReceivedAtUtc);
        var result = await writer.WriteAsync(item, cancellationToken);
        return result.Outcome switch
        {
            Core.ProviderWebhooks.WebhookOutcome.Processed => new InboundResult(result.MessageId, true),
            Core.ProviderWebhooks.WebhookOutcome.Duplicate => new InboundResult(result.MessageId, false, result.Detail),
            _ => throw new Core.Common.DomainException(result.Detail ?? "The text could not be received."),
        };
    }
}
