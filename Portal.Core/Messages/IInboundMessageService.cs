namespace Portal.Core.Messages;

/// <summary>A text a customer sent, as a provider reported it; <see cref="From"/> exactly as reported.</summary>
public sealed record InboundText(
    Guid ProviderAccountId,
    string ProviderMessageId,
    string From,
    string To,
    string Body,
    IReadOnlyList<Attachment> Media,
    DateTime ReceivedAtUtc);

public sealed record InboundResult(Guid? MessageId, bool Created, string? Detail = null);

/// <summary>
/// Receives a customer's text from a path other than a provider webhook (the Simulator's "customer replies", later the API):
/// the same use case as a webhook, with consent keywords applied in the same transaction.
/// </summary>
public interface IInboundMessageService
{
    Task<InboundResult> ReceiveAsync(InboundText text, CancellationToken cancellationToken = default);
}
