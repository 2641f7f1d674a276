using Microsoft.Extensions.Options;
using Portal.Core.ProviderWebhooks;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.ProviderWebhooks;

namespace Portal.Web.Endpoints;

/// <summary>
/// Provider webhooks: <c>POST /webhooks/{provider}/{accountId}/{route}</c>, one route for every provider module. The
/// signature check replaces antiforgery and sign-in; everything else happens in <see cref="WebhookPipeline"/>.
/// </summary>
internal static class ProviderWebhookEndpoints
{
    /// <summary>Provider payloads are small; a larger body is refused before it is read.</summary>
    public const int MaxBody = 256 * 1024;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/{provider}/{accountId:guid}/{**route}", HandleAsync)
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBody));
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string provider, Guid accountId, string? route, HttpContext context, WebhookPipeline pipeline, IOptions<PublicUrlOptions> urls)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBody)
        {
            return TooLarge();
        }

        byte[] body;
        try
        {
            body = await ReadLimitedAsync(request.Body, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return TooLarge();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        // Signed over the address the provider was given, which behind a proxy is not the one this request arrived at.
        var publicUrl = urls.Value.Combine($"{request.PathBase}{request.Path}{request.QueryString}".TrimStart('/'));
        var webhook = new WebhookRequest((route ?? "").Trim('/'), publicUrl, headers, body, request.ContentType, query);

        var answer = await pipeline.HandleAsync(provider, accountId, webhook, context.RequestAborted);
        return answer.Kind switch
        {
            WebhookAnswerKind.Accepted when answer.Acknowledgement?.Body is { } ack => Results.Text(ack, answer.Acknowledgement.ContentType ?? "text/plain"),
            WebhookAnswerKind.Accepted => Results.Ok(),
            WebhookAnswerKind.Unauthorized => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The webhook signature is missing, invalid or stale.", detail: answer.Detail),
            WebhookAnswerKind.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such webhook.", detail: answer.Detail),
            WebhookAnswerKind.Unavailable => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The webhook could not be stored; try again.", detail: answer.Detail),
            _ => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The webhook body could not be understood.", detail: answer.Detail),
        };
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                throw new InvalidDataException("The body is too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"A webhook body may be at most {MaxBody / 1024} KB.");
}
