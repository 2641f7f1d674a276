using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Integration;
using Portal.Core.Reports;

namespace Portal.Web.Api;

/// <summary>The managers' reports, for a key's departments.</summary>
internal static class ReportApi
{
    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/waiting", WaitingAsync)
            .WithName("GetWaitingNow")
            .WithSummary("Conversations waiting for a staff answer now, oldest first")
            .WithDescription("Open conversations whose last customer text no member of staff has answered (automated texts and notes do not answer). " +
                "`count` is every one of them in the key's departments (or the one asked for); `oldest` lists up to `take`.")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        return api;
    }

    private static async Task<Ok<ApiWaitingNow>> WaitingAsync(
        [AsParameters] ApiCaller caller, IReports reports, IIntegrationQueries queries, CancellationToken cancellationToken,
        Guid? departmentId = null, int take = 50)
    {
        if (take is < 1 or > ApiEndpoints.MaxPageSize)
        {
            throw new ValidationException("take", $"take is 1–{ApiEndpoints.MaxPageSize}.");
        }

        if (departmentId is { } id)
        {
            await queries.EnsureDepartmentAsync(caller.Scope, id, cancellationToken);
        }

        var waiting = await reports.WaitingNowAsync(caller.Scope, new ReportFilter { DepartmentId = departmentId }, take, cancellationToken);
        return TypedResults.Ok(ApiWaitingNow.From(waiting));
    }
}

/// <summary>What is waiting for an answer now.</summary>
public sealed record ApiWaitingNow(int Count, DateTimeOffset? OldestSince, IReadOnlyList<ApiWaitingConversation> Oldest)
{
    internal static ApiWaitingNow From(WaitingNow waiting) => new(
        waiting.Count,
        waiting.OldestSince is { } since ? new DateTimeOffset(since, TimeSpan.Zero) : null,
        [.. waiting.Oldest.Select(w => new ApiWaitingConversation(w.ThreadId, w.DepartmentId, w.DepartmentName, w.CustomerName, w.AssigneeName,
            new DateTimeOffset(w.WaitingSince, TimeSpan.Zero), w.Preview, w.Overdue))]);
}

/// <summary>One waiting conversation: since when its customer has waited, and whether that is past the department's limit.</summary>
public sealed record ApiWaitingConversation(
    Guid ThreadId, Guid DepartmentId, string DepartmentName, string CustomerName, string? AssigneeName, DateTimeOffset WaitingSince, string Preview, bool Overdue);
