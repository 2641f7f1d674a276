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
            .WithDescription("Medians and 90th percentiles are whole minutes; `within5`, `within15` and `within60` count answers within that many " +
                "business minutes. Per department and per person (a null `id` is the integration API)." + RangeHelp)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        api.MapGet("/reports/volume", async ([AsParameters] ApiReportQuery query, IActivityReports reports, CancellationToken cancellationToken) =>
                await query.AnswerAsync((s, f, r) => reports.VolumeAsync(s, f, r, cancellationToken), cancellationToken))
            .WithName("GetVolume")
            .WithSummary("Texts in and out per day and per hour of the week, conversations begun and closed, per department, person, provider account and author")
            .WithDescription("Counts refresh every minute. Outbound texts count when they were first put to send (drafts, scheduled and canceled ones do not). " +
                "`byHourOfWeek` is 168 cells in the dealership's zone; a person's (`userId`) volume is the texts they sent." + RangeHelp)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        api.MapGet("/reports/delivery", async ([AsParameters] ApiReportQuery query, IActivityReports reports, CancellationToken cancellationToken) =>
                await query.AnswerAsync((s, f, r) => reports.DeliveryAsync(s, f, r, cancellationToken), cancellationToken))
            .WithName("GetDelivery")
            .WithSummary("What became of the texts sent: sent, delivered, failed, outcome unknown, not yet sent, per provider account and failure reason")
            .WithDescription("`outcomeUnknown` texts may have arrived (the provider timed out or erred after the request left); they are never resent automatically." + RangeHelp)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        api.MapGet("/reports/campaigns", async ([AsParameters] ApiReportQuery query, IActivityReports reports, CancellationToken cancellationToken) =>
                await query.AnswerAsync((s, f, r) => reports.CampaignsAsync(s, f, r, cancellationToken), cancellationToken))
            .WithName("GetCampaignOutcomes")
            .WithSummary("Each campaign that started in the range: recipients, sent, delivered, replies, opt-outs and replies a person answered")
            .WithDescription("A reply is a customer text after the campaign's; an opt-out is the number's ledger opting out after it. Rates are of texts sent." + RangeHelp)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        api.MapGet("/reports/consent", async ([AsParameters] ApiReportQuery query, IActivityReports reports, CancellationToken cancellationToken) =>
                await query.AnswerAsync((s, f, r) => reports.ConsentAsync(s, f, r, cancellationToken), cancellationToken))
            .WithName("GetConsentReport")
            .WithSummary("Opt-outs and opt-ins per day and by who recorded them, and opt-outs per 1,000 texts sent")
            .WithDescription("From each number's consent ledger, by when the customer acted. A department counts the numbers of its customers." + RangeHelp)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        return api;
    }

    private const string RangeHelp = " Whole days in the dealership's time zone: `period` is `Today`, `Last7Days`, `Last30Days`, or `Custom` with `from` and `to` " +
        "(dates, both included, at most 366 days).";

    private static async Task<Ok<ApiResponsiveness>> ResponsivenessAsync(
        [AsParameters] ApiReportQuery query, IResponsivenessReport responseTimes, CancellationToken cancellationToken)
    {
        var range = await query.RangeAsync(cancellationToken);
        var report = await responseTimes.GetAsync(query.Caller.Scope, query.Filter, range, cancellationToken);
        return TypedResults.Ok(new ApiResponsiveness(new DateTimeOffset(range.FromUtc, TimeSpan.Zero), new DateTimeOffset(range.ToUtc, TimeSpan.Zero), range.Zone.Id,
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

/// <summary>A report's range and filters, as the integration API takes them, within the key's departments.</summary>
internal sealed class ApiReportQuery
{
    public System.Security.Claims.ClaimsPrincipal User { get; init; } = default!;
    public IIntegrationQueries Queries { get; init; } = default!;
    public Core.Departments.IDepartmentAdministration Departments { get; init; } = default!;
    public TimeProvider Clock { get; init; } = default!;
    /// <summary>Last7Days when not given.</summary>
    public ReportPeriod? Period { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public Guid? DepartmentId { get; init; }
    public Guid? UserId { get; init; }

    internal ApiCaller Caller => new(User);

    internal ReportFilter Filter => new() { DepartmentId = DepartmentId, UserId = UserId };

    /// <summary>The range asked for (a bad custom range is a 422 with the reason); a department not the key's is refused first.</summary>
    internal async Task<ReportRange> RangeAsync(CancellationToken cancellationToken)
    {
        if (DepartmentId is { } id)
        {
            await Queries.EnsureDepartmentAsync(Caller.Scope, id, cancellationToken);
        }

        var zone = (await Departments.GetDealershipTimeZoneAsync(cancellationToken)).TimeZoneId;
        return ReportRange.Resolve(Period ?? ReportPeriod.Last7Days, From, To, Core.Departments.DepartmentTimeZone.Find(zone), Clock.GetUtcNow().UtcDateTime);
    }

    internal async Task<Ok<ApiReport<T>>> AnswerAsync<T>(Func<Core.Security.DepartmentScope, ReportFilter, ReportRange, Task<T>> read, CancellationToken cancellationToken)
    {
        var range = await RangeAsync(cancellationToken);
        var report = await read(Caller.Scope, Filter, range);
        return TypedResults.Ok(new ApiReport<T>(new DateTimeOffset(range.FromUtc, TimeSpan.Zero), new DateTimeOffset(range.ToUtc, TimeSpan.Zero), range.Zone.Id, report));
    }
}

/// <summary>A report over whole days in <paramref name="TimeZone"/>, from <paramref name="From"/> to <paramref name="To"/>.</summary>
public sealed record ApiReport<T>(DateTimeOffset From, DateTimeOffset To, string TimeZone, T Report);

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
