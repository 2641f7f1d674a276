namespace Portal.Core.Providers;

public sealed record ProviderAccountSummary(
    Guid Id,
    ProviderKind Kind,
    string Name,
    Guid? DepartmentId,
    string? DepartmentName,
    string? BaseUrl,
    string? AccountId,
    string? FromNumber,
    string ApiTokenMask,
    string SigningKeyMask,
    IReadOnlyDictionary<string, string> Extras,
    bool Enabled,
    bool IsDepartmentDefault,
    bool ManagedByConfiguration,
    IReadOnlyList<WebhookUrl> WebhookUrls,
    ProviderDescriptor Descriptor)
{
    public string DisplayName => Descriptor.LabelFor(Name);

    /// <summary>Webhook URLs that point at this machine, which no provider can reach.</summary>
    public bool WebhooksUnreachable => WebhookUrls.Any(u => Uri.TryCreate(u.Url, UriKind.Absolute, out var uri) && uri.IsLoopback);
}

public sealed record WebhookUrl(string Purpose, string Url);

/// <summary>The provider's exact answer to a test send, for the admin to read.</summary>
public sealed record TestSendReport(SendOutcome Outcome, int? HttpStatus, string? ProviderMessageId, string? Detail, string? ResponseBody);

/// <summary>Admin-only management of provider accounts; secrets are write-only.</summary>
public interface IProviderAccountAdministration
{
    Task<IReadOnlyList<ProviderAccountSummary>> ListAsync(CancellationToken cancellationToken = default);

    Task<Guid> SaveAsync(Guid? id, ProviderAccountInput input, CancellationToken cancellationToken = default);

    Task SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken = default);

    Task<TestSendReport> SendTestAsync(Guid id, string to, string body, CancellationToken cancellationToken = default);
}
