using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Integration;

namespace Portal.Web.Api;

/// <summary>Past messages imported from the DMS: never sent, idempotent by sourceUuid.</summary>
internal static class HistoryApi
{
    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder api)
    {
        api.MapPut("/departments/{departmentId:guid}/customers/{customerId:guid}/communications/historical", ImportAsync)
            .WithName("ImportHistory").WithSummary("Import past messages (the DMS's saveMessageRequestList); never sent, idempotent by sourceUuid")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound();
        return api;
    }

    private static async Task<Ok<ApiHistoryResponse>> ImportAsync(
        Guid departmentId, Guid customerId, ApiHistoryRequest request, [AsParameters] ApiCaller caller, IHistoryImport history, CancellationToken cancellationToken)
    {
        if (request.SaveMessageRequestList is not { Count: > 0 } list)
        {
            throw new ValidationException("saveMessageRequestList", "Send at least one item in saveMessageRequestList.");
        }

        var result = await history.ImportAsync(caller.Scope, departmentId, customerId, [.. list.Select(i => (i ?? ApiHistoryItem.Empty).ToItem())], cancellationToken);
        return TypedResults.Ok(ApiHistoryResponse.From(result));
    }
}
