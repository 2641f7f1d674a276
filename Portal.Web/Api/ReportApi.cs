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
        api.MapGet("/reports/responsiveness", ResponsivenessAsync)
            .WithName("GetResponsiveness")
            .WithSummary("How fast people answered customers: first responses and every response, in business and wall-clock minutes")
            .WithDescription("Whole days in the dealership's time zone (`Today`, `Last7Days`, `Last30Days`). Medians and 90th percentiles are whole " +
                "minutes; `within5`, `within15` and `within60` count answers within that many business minutes. Per department and per person " +
                "(a null `id` is the integration API).")
            .ProducesForbiddenOrNotFound();
        return api;
    }

    private static async Task<Ok<ApiResponsiveness>> ResponsivenessAsync(
        [AsParameters] ApiCaller caller, IResponsivenessReport responseTimes, IIntegrationQueries queries, Core.Departments.IDepartmentAdministration departments,
        TimeProvider clock, CancellationToken cancellationToken, ReportPeriod period = ReportPeriod.Last7Days, Guid? departmentId = null, Guid? userId = null)
    {
        if (departmentId is { } id)
        {
            await queries.EnsureDepartmentAsync(caller.Scope, id, cancellationToken);
        }

        var zone = (await departments.GetDealershipTimeZoneAsync(cancellationToken)).TimeZoneId;
        var range = ReportRange.For(period, Core.Departments.DepartmentTimeZone.Find(zone), clock.GetUtcNow().UtcDateTime);
        var report = await responseTimes.GetAsync(caller.Scope, new ReportFilter { DepartmentId = departmentId, UserId = userId }, range, cancellationToken);
        return TypedResults.Ok(new ApiResponsiveness(new DateTimeOffset(range.FromUtc, TimeSpan.Zero), new DateTimeOffset(range.ToUtc, TimeSpan.Zero), zone,
            report.Overall, report.ByDepartment, report.ByUser, report.Distribution));
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

/// <summary>Response times for a range of whole days in <paramref name="TimeZone"/>.</summary>
public sealed record ApiResponsiveness(
    DateTimeOffset From, DateTimeOffset To, string TimeZone, ResponsivenessRow Overall,
    IReadOnlyList<ResponsivenessRow> ByDepartment, IReadOnlyList<ResponsivenessRow> ByUser, IReadOnlyList<ResponseBucket> Distribution);

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
