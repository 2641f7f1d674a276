using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Integration;
using Portal.Core.Sending;

namespace Portal.Web.Api;

/// <summary>One message: read with its history, moved to another time, or canceled before it starts sending.</summary>
internal static class MessageApi
{
    public static RouteGroupBuilder MapMessageApi(this RouteGroupBuilder api)
    {
        api.MapGet("/messages/{messageId:guid}", GetAsync)
            .WithName("GetMessage").WithSummary("A message with the statuses it has been through")
            .ProducesForbiddenOrNotFound();
        api.MapPatch("/messages/{messageId:guid}", RescheduleAsync)
            .WithName("RescheduleMessage").WithSummary("Move a scheduled message to another time")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/messages/{messageId:guid}", CancelAsync)
            .WithName("CancelMessage").WithSummary("Cancel a message that has not started sending")
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<ApiMessageDetail>, ProblemHttpResult>> GetAsync(Guid messageId, [AsParameters] ApiCaller caller, IIntegrationQueries queries, CancellationToken cancellationToken) =>
        ApiAnswers.Found(await queries.MessageAsync(caller.Scope, messageId, cancellationToken), ApiMessageDetail.From, "message");

    private static async Task<Results<Ok<ApiMessageDetail>, ProblemHttpResult>> RescheduleAsync(
        Guid messageId, ApiReschedule request, [AsParameters] ApiCaller caller, IOutboundMessageService outbound, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        await outbound.RescheduleAsync(caller.Scope, messageId, request.SendAt.UtcDateTime, cancellationToken);
        return await GetAsync(messageId, caller, queries, cancellationToken);
    }

    private static async Task<NoContent> CancelAsync(Guid messageId, [AsParameters] ApiCaller caller, IOutboundMessageService outbound, CancellationToken cancellationToken)
    {
        await outbound.CancelAsync(caller.Scope, messageId, caller.Actor, cancellationToken);
        return TypedResults.NoContent();
    }
}
