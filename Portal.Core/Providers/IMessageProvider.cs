namespace Portal.Core.Providers;

/// <summary>
/// A provider module's sending half. It sends once and reports what happened; it never retries:
/// retries are decided by the sending pipeline, which knows whether a send may safely be repeated.
/// </summary>
public interface IMessageProvider
{
    ProviderKind Kind { get; }

    Task<SendResult> SendAsync(ProviderAccountSettings account, OutboundText message, CancellationToken cancellationToken);
}

/// <summary>A message as a provider needs it: everything resolved, nothing to look up.</summary>
public sealed record OutboundText(
    Guid MessageId,
    Guid ThreadId,
    string To,
    string Body,
    IReadOnlyList<Messages.Attachment> Attachments,
    string? CustomerFirstName = null,
    string? CustomerLastName = null,
    string? CustomerEmail = null,
    IReadOnlyDictionary<string, string>? CustomerExternalIds = null,
    Guid? TemplateId = null)
{
    /// <summary>The customer's id in the system of the module with this kind name, if it has one.</summary>
    public string? CustomerIdIn(ProviderKind kind) => CustomerExternalIds?.GetValueOrDefault(kind.Name);

    /// <summary>A message to a customer as every sender hands it to a provider.</summary>
    public static OutboundText For(Messages.Message message, Customers.Customer customer) =>
        new(message.Id, message.ThreadId, customer.Phone!, message.Body, message.Attachments,
            customer.FirstName, customer.LastName, customer.Email, customer.ExternalIdsByModule(), message.TemplateId);
}

/// <summary>
/// A provider account with its secrets decrypted, for the duration of one call. <see cref="WebhookBaseUrl"/> is where the
/// provider reaches this account's webhooks (<c>…/webhooks/{kind}/{accountId}</c>).
/// </summary>
public sealed record ProviderAccountSettings(
    Guid Id,
    ProviderKind Kind,
    string Name,
    string? BaseUrl,
    string? AccountId,
    string? FromNumber,
    string? ApiToken,
    string? SigningKey,
    IReadOnlyDictionary<string, string> Extras,
    string? WebhookBaseUrl = null)
{
    public string? Extra(string key) => Extras.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
