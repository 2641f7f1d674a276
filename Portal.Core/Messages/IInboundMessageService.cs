namespace Portal.Core.Messages;

/// <summary>A text a customer sent, as a provider reported it.</summary>
public sealed record InboundText(
    Guid ProviderAccountId,
    string ProviderMessageId,
    string From,
    string To,
    string Body,
    IReadOnlyList<Attachment> Media,
    DateTime ReceivedAtUtc);

public sealed record InboundResult(Message Message, bool Created);

public interface IInboundMessageService
{
    /// <summary>Stores the text once (a repeat of the same provider message id returns the stored one), in the customer's open thread.</summary>
    Task<InboundResult> ReceiveAsync(InboundText text, CancellationToken cancellationToken = default);
}
