using Portal.Infrastructure.Media;

namespace Portal.Web.Endpoints;

internal static class MediaEndpoints
{
    /// <summary>Attachments for providers to fetch: anonymous, but only by an unguessable token that expires.</summary>
    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/media/{token}", async (string token, MediaStore media, CancellationToken cancellationToken) =>
                await media.OpenAsync(token, cancellationToken) is { } file
                    ? Results.File(file.Content, file.ContentType, file.FileName)
                    : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }
}
