namespace Portal.Infrastructure.Media;

/// <summary>An uploaded attachment, kept in the database so every instance can serve it.</summary>
public sealed class MediaFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string ContentType { get; set; }
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }
    public DateTime CreatedAt { get; set; }
}
