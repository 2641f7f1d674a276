namespace Portal.Core.Messages;

public sealed record Attachment(string Url, string? ContentType = null, string? FileName = null)
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic"];

    /// <summary>
    /// A picture a person can look at in the thread: a MIME type of <c>image/…</c>, a provider's bare "image", or an
    /// image file name when the provider gave no type.
    /// </summary>
    public bool IsImage => ContentType is { } type
        ? type.StartsWith("image", StringComparison.OrdinalIgnoreCase)
        : ImageExtensions.Any(e => (FileName ?? PathOf(Url)).EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>What a person calls the file: its name, else the last part of its address.</summary>
    public string DisplayName => FileName is { Length: > 0 } name ? name
        : PathOf(Url).Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() is { Length: > 0 and <= 60 } last ? Uri.UnescapeDataString(last)
        : IsImage ? "Photo" : "Attachment";

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
}
