using Portal.Core.Providers;

namespace Portal.Infrastructure.Providers;

/// <summary>The descriptors every registered provider module contributed.</summary>
internal sealed class ProviderCatalog(IEnumerable<ProviderDescriptor> descriptors) : IProviderCatalog
{
    public IReadOnlyList<ProviderDescriptor> All { get; } = [.. descriptors.DistinctBy(d => d.Kind).OrderBy(d => d.DisplayName, StringComparer.Ordinal)];

    public ProviderDescriptor? Find(ProviderKind kind) => All.FirstOrDefault(d => d.Kind == kind);

    public ProviderDescriptor? FindBySlug(string slug) => All.FirstOrDefault(d => string.Equals(d.Kind.Slug, slug, StringComparison.OrdinalIgnoreCase));

    public ProviderDescriptor Get(ProviderKind kind) =>
        Find(kind) ?? throw new InvalidOperationException($"No provider module is registered for kind '{kind}'.");
}
