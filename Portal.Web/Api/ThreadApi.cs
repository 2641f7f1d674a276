using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Integration;
using Portal.Core.Threads;

namespace Portal.Web.Api;

/// <summary>Conversations and their messages, read page by page.</summary>
internal static class ThreadApi
{
    public static RouteGroupBuilder MapThreadApi(this RouteGroupBuilder api)
    {
        api.MapGet("/departments/{departmentId:guid}/threads", ListAsync)
            .WithName("ListThreads").WithSummary("A department's conversations, newest activity first")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        api.MapGet("/threads/{threadId:guid}/messages", ListMessagesAsync)
            .WithName("ListThreadMessages").WithSummary("A conversation's messages, oldest first")
            .ProducesForbiddenOrNotFound();
        return api;
    }

    private static async Task<Ok<ApiPage<ApiThreadView>>> ListAsync(
        Guid departmentId, [AsParameters] ApiCaller caller, IIntegrationQueries queries, CancellationToken cancellationToken,
        ThreadStatus? status = null, DateTimeOffset? updatedSince = null, int page = 1, int pageSize = 50)
    {
        ApiAnswers.CheckPage(page, pageSize);
        await queries.EnsureDepartmentAsync(caller.Scope, departmentId, cancellationToken);
        var found = await queries.ThreadsAsync(caller.Scope, departmentId, status, updatedSince?.UtcDateTime, page, pageSize, cancellationToken);
        return TypedResults.Ok(new ApiPage<ApiThreadView>([.. found.Items.Select(ApiThreadView.From)], found.Page, found.PageSize, found.TotalCount));
    }

    private static async Task<Results<Ok<ApiPage<ApiMessage>>, ProblemHttpResult>> ListMessagesAsync(
        Guid threadId, [AsParameters] ApiCaller caller, IIntegrationQueries queries, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        ApiAnswers.CheckPage(page, pageSize);
        return ApiAnswers.Found(await queries.MessagesAsync(caller.Scope, threadId, page, pageSize, cancellationToken),
            messages => new ApiPage<ApiMessage>([.. messages.Items.Select(ApiMessage.From)], messages.Page, messages.PageSize, messages.TotalCount), "conversation");
    }
}
