using System.Text;
using Portal.Core.Abstractions;
using Portal.Core.Departments;
using Portal.Core.Reports;

namespace Portal.Web.Endpoints;

/// <summary>The reports page's tables as CSV, for managers of the departments asked for (admins: any).</summary>
internal static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/waiting.csv", async (HttpContext http, IDepartmentScopeProvider scopes, IReports reports, IDepartmentAdministration departments,
                TimeProvider clock, CancellationToken cancellationToken, Guid? department = null, Guid? person = null) =>
            {
                var scope = await scopes.GetScopeAsync(http.User, cancellationToken);
                if (department is { } id && !scope.Allows(id))
                {
                    return NotYours();
                }

                var zone = (await departments.GetDealershipTimeZoneAsync(cancellationToken)).TimeZoneId;
                var waiting = await reports.WaitingNowAsync(scope, new ReportFilter { DepartmentId = department, UserId = person }, 10_000, cancellationToken);
                return File(ReportCsv.Waiting(waiting, zone, clock.GetUtcNow().UtcDateTime), "waiting-now.csv");
            })
            .RequireAuthorization(Policies.Manager)
            .ExcludeFromDescription();
        MapRangeCsv(endpoints, "responsiveness", "response-times", async (s, report, range, zone, sp, ct) =>
            ReportCsv.Responsiveness(await sp.GetRequiredService<IResponsivenessReport>().GetAsync(s, report, range, ct), range, zone));
        MapRangeCsv(endpoints, "volume", "volume", async (s, report, range, zone, sp, ct) =>
            ReportCsv.Volume(await sp.GetRequiredService<IActivityReports>().VolumeAsync(s, report, range, ct), range, zone));
        MapRangeCsv(endpoints, "delivery", "delivery", async (s, report, range, zone, sp, ct) =>
            ReportCsv.Delivery(await sp.GetRequiredService<IActivityReports>().DeliveryAsync(s, report, range, ct), range, zone));
        MapRangeCsv(endpoints, "campaigns", "campaigns", async (s, report, range, zone, sp, ct) =>
            ReportCsv.Campaigns(await sp.GetRequiredService<IActivityReports>().CampaignsAsync(s, report, range, ct), range, zone));
        MapRangeCsv(endpoints, "consent", "consent", async (s, report, range, zone, sp, ct) =>
            ReportCsv.Consent(await sp.GetRequiredService<IActivityReports>().ConsentAsync(s, report, range, ct), range, zone));
        return endpoints;
    }

    private delegate Task<string> RangeCsv(Core.Security.DepartmentScope scope, ReportFilter filter, ReportRange range, string timeZoneId, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>A report of a range of days as CSV: the page's filters, a custom range checked as the page checks it (400 with the reason).</summary>
    private static void MapRangeCsv(IEndpointRouteBuilder endpoints, string table, string fileName, RangeCsv write) =>
        endpoints.MapGet($"/reports/{table}.csv", async (HttpContext http, IDepartmentScopeProvider scopes, IDepartmentAdministration departments,
                TimeProvider clock, CancellationToken cancellationToken, ReportPeriod period = ReportPeriod.Last7Days, DateOnly? from = null, DateOnly? to = null,
                Guid? department = null, Guid? person = null) =>
            {
                var scope = await scopes.GetScopeAsync(http.User, cancellationToken);
                if (department is { } id && !scope.Allows(id))
                {
                    return NotYours();
                }

                var zone = (await departments.GetDealershipTimeZoneAsync(cancellationToken)).TimeZoneId;
                ReportRange range;
                try
                {
                    range = ReportRange.Resolve(period, from, to, DepartmentTimeZone.Find(zone), clock.GetUtcNow().UtcDateTime);
                }
                catch (ValidationException e)
                {
                    return Results.ValidationProblem(e.Errors.ToDictionary(x => x.Key, x => x.Value), title: "The dates do not make a range");
                }

                var csv = await write(scope, new ReportFilter { DepartmentId = department, UserId = person }, range, zone, http.RequestServices, cancellationToken);
                var days = period == ReportPeriod.Custom ? $"{from:yyyy-MM-dd}-to-{to:yyyy-MM-dd}" : period.ToString().ToLowerInvariant();
                return File(csv, $"{fileName}-{days}.csv");
            })
            .RequireAuthorization(Policies.Manager)
            .ExcludeFromDescription();

    private static IResult NotYours() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not one of your departments", detail: "Reports are for the departments you manage.");

    private static IResult File(string csv, string name) =>
        Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", name);
}
