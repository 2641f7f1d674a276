namespace Portal.Core.Messages;

/// <summary>Files attached to outbound texts, served to providers at an unguessable, expiring address.</summary>
public interface IMediaStore
{
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <exception cref="Common.ValidationException">Too large or of a type carriers do not carry.</exception>
    Task<Attachment> SaveAsync(Stream content, string contentType, string fileName, CancellationToken cancellationToken = default);
}
