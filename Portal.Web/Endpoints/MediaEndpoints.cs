using Portal.Core.Abstractions;
using Portal.Infrastructure.Media;

namespace Portal.Web.Endpoints;

internal static class MediaEndpoints
{
    // Shown in the page itself; anything else (an SVG, HTML from a provider) is only ever downloaded, never rendered
    // on the portal's origin.
    private static readonly HashSet<string> Inline = ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "audio/mpeg", "application/pdf"];

    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Attachments for providers to fetch: anonymous, but only by an unguessable token that expires.
        endpoints.MapGet("/media/{token}", async (string token, MediaStore media, CancellationToken cancellationToken) =>
                await media.OpenAsync(token, cancellationToken) is { } file
                    ? Results.File(file.Content, file.ContentType, file.FileName)
                    : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();

        // Attachments for people: only to users of the conversation's department, however old the message.
        endpoints.MapGet("/messages/{id:guid}/attachments/{index:int}", async (Guid id, int index, bool? download, HttpContext http, IDepartmentScopeProvider scopes,
                MessageAttachments attachments, CancellationToken cancellationToken) =>
            {
                var access = await attachments.OpenAsync(await scopes.GetScopeAsync(http.User, cancellationToken), id, index, cancellationToken);
                if (access.Value is not { } file)
                {
                    return access.Outcome == AccessOutcome.Forbidden ? Results.StatusCode(StatusCodes.Status403Forbidden) : Results.NotFound();
                }

                http.Response.Headers.CacheControl = "private, max-age=86400";
                return Inline.Contains(file.ContentType) && download != true
                    ? Results.File(file.Content, file.ContentType)
                    : Results.File(file.Content, Inline.Contains(file.ContentType) ? file.ContentType : "application/octet-stream", file.FileName);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
        return endpoints;
    }
}
