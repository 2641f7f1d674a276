namespace Portal.Core.Providers;

[Flags]
public enum ProviderCapabilities
{
    None = 0,

    /// <summary>Sends texts to customers, so it can be a department's route.</summary>
    SendsTexts = 1,

    /// <summary>Can be asked whether a send whose outcome is unknown reached it.</summary>
    LooksUpSends = 2,

    /// <summary>Not a real carrier: labelled as a simulator everywhere it appears.</summary>
    Simulated = 4,

    /// <summary>Copies conversations into another system instead of texting.</summary>
    SyncsHistory = 8,
}

/// <summary>The standard settings a provider account has; a descriptor says which ones its provider uses and how to label them.</summary>
public enum ProviderSettingKey
{
    BaseUrl,
    AccountId,
    FromNumber,
    ApiToken,
    SigningKey,
    Extras,
}

public sealed record ProviderSetting(ProviderSettingKey Key, string Label, bool Required = false, string? Placeholder = null)
{
    /// <summary>The API's address, optional: left blank, the provider's public one.</summary>
    public static ProviderSetting BaseUrl(string defaultBaseUrl) => new(ProviderSettingKey.BaseUrl, "API base URL", Placeholder: $"blank: {defaultBaseUrl}");
}

/// <summary>One webhook a provider calls, under <c>/webhooks/{kind}/{accountId}/{Path}</c>.</summary>
public sealed record WebhookRoute(string Path, string Purpose);

/// <summary>What the portal answers a provider for a webhook it accepted.</summary>
public sealed record WebhookAcknowledgement(string? Body = null, string? ContentType = null);

/// <summary>Everything the pipeline, the admin pages and the webhook log need to know about a provider, without knowing which it is.</summary>
public sealed record ProviderDescriptor(
    ProviderKind Kind,
    string DisplayName,
    ProviderCapabilities Capabilities,
    IReadOnlyList<ProviderSetting> Settings,
    IReadOnlyList<WebhookRoute> WebhookRoutes,
    WebhookAcknowledgement? Acknowledgement = null)
{
    /// <summary>The pace campaigns default to on an account of this provider (an account's extra setting <c>MessagesPerMinute</c> overrides it).</summary>
    public int MessagesPerMinute { get; init; } = 60;

    /// <summary>The id customers have in this module's system, when it keeps one (shown on the customer, typed, imported).</summary>
    public Customers.CustomerIdField? CustomerId { get; init; }

    public bool Has(ProviderCapabilities capability) => (Capabilities & capability) == capability;

    public bool IsSimulated => Has(ProviderCapabilities.Simulated);

    public bool SendsTexts => Has(ProviderCapabilities.SendsTexts);

    public ProviderSetting? Setting(ProviderSettingKey key) => Settings.FirstOrDefault(s => s.Key == key);

    public string LabelFor(string accountName) => IsSimulated ? $"{accountName} (Simulator)" : accountName;
}

/// <summary>The providers this installation has, one module each.</summary>
public interface IProviderCatalog
{
    IReadOnlyList<ProviderDescriptor> All { get; }

    ProviderDescriptor? Find(ProviderKind kind);

    ProviderDescriptor? FindBySlug(string slug);

    /// <summary>The kinds that send texts, for routing a department's messages.</summary>
    IReadOnlyList<ProviderKind> TextingKinds => [.. All.Where(d => d.SendsTexts).Select(d => d.Kind)];

    /// <summary>The ids customers can have in other systems, one per module that keeps one.</summary>
    IReadOnlyList<Customers.CustomerIdField> CustomerIdFields => [.. All.Select(d => d.CustomerId).OfType<Customers.CustomerIdField>()];
}
