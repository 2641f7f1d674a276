using Microsoft.AspNetCore.Http.HttpResults;

namespace Portal.Web.Api;

/// <summary>The API's answers to a look-up: 200 with the thing, 403 outside the key's departments, 404 when there is none.</summary>
internal static class ApiAnswers
{
    /// <param name="what">The thing's name in the answers: "message", "conversation".</param>
    /// <param name="forbidden">The 403's detail, when not "The {what} belongs to a department this key may not use."</param>
    public static Results<Ok<TOut>, ProblemHttpResult> Found<T, TOut>(AccessResult<T> result, Func<T, TOut> map, string what, string? forbidden = null)
        where T : class => result switch
        {
            { Outcome: AccessOutcome.Found, Value: { } value } => TypedResults.Ok(map(value)),
            { Outcome: AccessOutcome.Forbidden } => TypedResults.Problem(statusCode: 403, title: "Not allowed for this key",
                detail: forbidden ?? $"The {what} belongs to a department this key may not use."),
            _ => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no such {what}."),
        };

    public static void CheckPage(int page, int pageSize)
    {
        if (page < 1 || pageSize is < 1 or > ApiEndpoints.MaxPageSize)
        {
            throw new ValidationException("page", $"page starts at 1; pageSize is 1–{ApiEndpoints.MaxPageSize}.");
        }
    }
}
