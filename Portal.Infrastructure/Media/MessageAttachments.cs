using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Media;

/// <summary>The bytes of one attachment of a message.</summary>
public sealed record AttachmentContent(byte[] Content, string ContentType, string FileName);

/// <summary>
/// Serves a message's attachments to the people who may read its conversation: files the portal stored (what staff
/// sent) straight from the database, and a provider's inbound media fetched from the provider's address, which never
/// reaches the browser.
/// </summary>
public sealed class MessageAttachments(IDbContextFactory<PortalDbContext> dbFactory, MediaStore store, IHttpClientFactory http, ILogger<MessageAttachments> logger)
{
    public const string HttpClientName = "ProviderMedia";

    public async Task<AccessResult<AttachmentContent>> OpenAsync(DepartmentScope scope, Guid messageId, int index, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<Message>().AsNoTracking()
            .Where(m => m.Id == messageId)
            .Join(db.Set<ConversationThread>(), m => m.ThreadId, t => t.Id, (m, t) => new { m.Attachments, t.DepartmentId })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || index < 0 || index >= found.Attachments.Count)
        {
            return AccessResult<AttachmentContent>.NotFound();
        }

        if (!scope.Allows(found.DepartmentId))
        {
            return AccessResult<AttachmentContent>.Forbidden();
        }

        var attachment = found.Attachments[index];
        if (await store.OpenStoredAsync(attachment.Url, cancellationToken) is { } file)
        {
            return AccessResult<AttachmentContent>.Found(new AttachmentContent(file.Content, file.ContentType, file.FileName));
        }

        return await FetchAsync(attachment, cancellationToken) is { } fetched
            ? AccessResult<AttachmentContent>.Found(fetched)
            : AccessResult<AttachmentContent>.NotFound();
    }

    private async Task<AttachmentContent?> FetchAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > IMediaStore.MaxBytes * 2)
            {
                logger.LogWarning("The provider's media at {Host} answered {Status}", uri.Host, (int)response.StatusCode);
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > IMediaStore.MaxBytes * 2)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            var type = response.Content.Headers.ContentType?.MediaType ?? attachment.ContentType ?? "application/octet-stream";
            return new AttachmentContent(buffer.ToArray(), type.Contains('/') ? type : "application/octet-stream", attachment.DisplayName);
        }
        catch (Exception e) when (e is HttpRequestException or EventWebhooks.RefusedAddressException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "The provider's media at {Host} could not be fetched", uri.Host);
            return null;
        }
    }
}
