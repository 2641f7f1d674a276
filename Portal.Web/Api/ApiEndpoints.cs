using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Api;

/// <summary>
/// The integration API, version 1: what a DMS or CRM uses with a key. Described at <c>/openapi/v1.json</c>. One file per
/// resource; they are mapped in this order, which is the order of the committed OpenAPI document.
/// </summary>
internal static class ApiEndpoints
{
    public const string Policy = "Api";
    public const string RateLimit = "api-key";
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapIntegrationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/v1")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RateLimit)
            .AddEndpointFilter<ApiProblemFilter>()
            // The largest sensible request is a history batch of 500 items; anything bigger is refused with 413.
            .WithMetadata(new RequestSizeLimitAttribute(4 * 1024 * 1024))
            .WithTags("Integration API")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .MapDepartmentApi()
            .MapMessageSendingApi()
            .MapThreadApi()
            .MapHistoryApi()
            .MapCustomerApi()
            .MapMessageApi()
            .MapCampaignApi()
            .MapReportApi()
            .MapEventWebhookApi();
        return endpoints;
    }

    /// <summary>
    /// Use cases name fields as the pages bind them (<c>Variants[0].Body</c>); the API's JSON is camelCase. Header names
    /// (<c>Idempotency-Key</c>) stay as they are.
    /// </summary>
    internal static string JsonField(string field) => field.Contains('-')
        ? field
        : string.Join('.', field.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) ? char.ToLowerInvariant(part[0]) + part[1..] : part));
}
