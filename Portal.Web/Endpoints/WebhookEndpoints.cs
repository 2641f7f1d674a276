using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Webhooks;

namespace Portal.Web.Endpoints;

/// <summary>
/// Provider webhooks, one set per provider account (its id is in the URL). The signature check replaces antiforgery
/// and sign-in; the processing lives in <see cref="WebhookProcessor"/>.
/// </summary>
internal static class WebhookEndpoints
{
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Provider payloads are small; a large body is not read before its signature is known to be worth checking.
        var webhooks = endpoints.MapGroup("/webhooks").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(256 * 1024));
        webhooks.MapPost("/signalwire/{accountId:guid}/messages", (Guid accountId, HttpContext context, WebhookProcessor processor, IOptions<PublicUrlOptions> urls) =>
            SignalWireAsync(accountId, isStatus: false, context, processor, urls.Value));
        webhooks.MapPost("/signalwire/{accountId:guid}/status", (Guid accountId, HttpContext context, WebhookProcessor processor, IOptions<PublicUrlOptions> urls) =>
            SignalWireAsync(accountId, isStatus: true, context, processor, urls.Value));
        webhooks.MapPost("/surge/{accountId:guid}", SurgeAsync);
        return endpoints;
    }

    private static async Task<IResult> SignalWireAsync(Guid accountId, bool isStatus, HttpContext context, WebhookProcessor processor, PublicUrlOptions urls)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Expected a form post (application/x-www-form-urlencoded).");
        }

        using var reader = new StreamReader(request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        // Every value of every parameter, repeats included: the signature covers them all.
        var form = QueryHelpers.ParseQuery(raw).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
        // Signed over the address the provider was given, which behind a proxy is not the one this request arrived at.
        var publicUrl = urls.Combine($"{request.PathBase}{request.Path}{request.QueryString}".TrimStart('/'));
        var signature = request.Headers["X-SignalWire-Signature"].FirstOrDefault() ?? request.Headers["X-Twilio-Signature"].FirstOrDefault();
        Guid? portalMessageId = Guid.TryParse(request.Query["portalMessageId"], out var ours) ? ours : null;

        var response = await processor.HandleSignalWireAsync(accountId, isStatus, publicUrl, form, raw, signature, portalMessageId, context.RequestAborted);
        return response switch
        {
            WebhookResponse.Accepted or WebhookResponse.Duplicate => Results.Text(EmptyTwiml, "text/xml"),
            _ => Problem(response),
        };
    }

    private static async Task<IResult> SurgeAsync(Guid accountId, HttpContext context, WebhookProcessor processor)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers;
        var response = await processor.HandleSurgeAsync(accountId, buffer.ToArray(),
            headers["webhook-id"].FirstOrDefault(), headers["webhook-timestamp"].FirstOrDefault(), headers["webhook-signature"].FirstOrDefault(), context.RequestAborted);
        return response is WebhookResponse.Accepted or WebhookResponse.Duplicate ? Results.Ok() : Problem(response);
    }

    private static IResult Problem(WebhookResponse response) => response switch
    {
        WebhookResponse.Unauthorized => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The webhook signature is missing, invalid or stale."),
        WebhookResponse.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No provider account of this kind has that id."),
        WebhookResponse.Failed => Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The webhook was recorded but could not be processed; a retry will finish it."),
        _ => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The webhook body could not be understood."),
    };
}
