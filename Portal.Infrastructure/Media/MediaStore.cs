using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;

namespace Portal.Infrastructure.Media;

/// <summary>
/// Stores uploads in the database and hands out addresses of the form <c>/media/{token}</c>, where the token is the
/// file id protected with a lifetime: unguessable, tamper-proof, and useless after it expires.
/// </summary>
public sealed class MediaStore(IDbContextFactory<PortalDbContext> dbFactory, IDataProtectionProvider protection, IOptions<PublicUrlOptions> urls, TimeProvider clock) : IMediaStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private static readonly HashSet<string> Allowed = ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf", "text/vcard", "video/mp4", "audio/mpeg"];

    // The expiry travels inside the protected payload and is checked against the app's clock (a time-limited protector
    // would check it against the machine's own clock instead).
    private readonly IDataProtector protector = protection.CreateProtector("Portal.Media.v2");

    public async Task<Attachment> SaveAsync(Stream content, string contentType, string fileName, CancellationToken cancellationToken = default)
    {
        if (!Allowed.Contains(contentType))
        {
            throw new ValidationException("Attachments", $"{fileName}: {contentType} cannot be sent by text. Use an image, PDF, vCard, MP4 or MP3.");
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > IMediaStore.MaxBytes)
        {
            throw new ValidationException("Attachments", $"{fileName} is larger than 5 MB, the most carriers accept.");
        }

        var file = new MediaFile { ContentType = contentType, FileName = Path.GetFileName(fileName), Content = buffer.ToArray(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Set<MediaFile>().Add(file);
        await db.SaveChangesAsync(cancellationToken);

        var expires = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var token = protector.Protect($"{file.Id:N}.{expires}");
        return new Attachment(urls.Value.Combine($"media/{token}"), contentType, file.FileName);
    }

    /// <summary>The file behind a token, or null when the token is forged, expired or the file is gone.</summary>
    public async Task<MediaFile?> OpenAsync(string token, CancellationToken cancellationToken = default) =>
        Read(token) is ({ } id, var expires) && expires > clock.GetUtcNow() ? await FindAsync(id, cancellationToken) : null;

    /// <summary>
    /// The stored file an attachment's address points at, whether or not its link has expired (staff keep seeing what
    /// was sent long after a provider could fetch it); null for a provider's own address or a forged one.
    /// </summary>
    public async Task<MediaFile?> OpenStoredAsync(string url, CancellationToken cancellationToken = default) =>
        url.Split('/', StringSplitOptions.RemoveEmptyEntries) is [.., "media", var token] && Read(token) is ({ } id, _)
            ? await FindAsync(id, cancellationToken)
            : null;

    private (Guid? Id, DateTimeOffset Expires) Read(string token)
    {
        try
        {
            var payload = protector.Unprotect(token).Split('.');
            return payload.Length == 2
                ? (Guid.ParseExact(payload[0], "N"), DateTimeOffset.FromUnixTimeSeconds(long.Parse(payload[1], System.Globalization.CultureInfo.InvariantCulture)))
                : (null, default);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            return (null, default);
        }
    }

    private async Task<MediaFile?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<MediaFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
    }
}
