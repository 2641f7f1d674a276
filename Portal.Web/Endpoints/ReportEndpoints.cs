using System.Globalization;
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
                return File(WaitingCsv(waiting, zone, clock.GetUtcNow().UtcDateTime), "waiting-now.csv");
            })
            .RequireAuthorization(Policies.Manager)
            .ExcludeFromDescription();
        endpoints.MapGet("/reports/responsiveness.csv", async (HttpContext http, IDepartmentScopeProvider scopes, IResponsivenessReport responseTimes,
                IDepartmentAdministration departments, TimeProvider clock, CancellationToken cancellationToken,
                ReportPeriod period = ReportPeriod.Last7Days, Guid? department = null, Guid? person = null) =>
            {
                var scope = await scopes.GetScopeAsync(http.User, cancellationToken);
                if (department is { } id && !scope.Allows(id))
                {
                    return NotYours();
                }

                var zone = (await departments.GetDealershipTimeZoneAsync(cancellationToken)).TimeZoneId;
                var range = ReportRange.For(period, DepartmentTimeZone.Find(zone), clock.GetUtcNow().UtcDateTime);
                var report = await responseTimes.GetAsync(scope, new ReportFilter { DepartmentId = department, UserId = person }, range, cancellationToken);
                return File(ResponsivenessCsv(report, range, zone), $"response-times-{period.ToString().ToLowerInvariant()}.csv");
            })
            .RequireAuthorization(Policies.Manager)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult NotYours() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not one of your departments", detail: "Reports are for the departments you manage.");

    private static IResult File(string csv, string name) =>
        Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", name);

    internal static string WaitingCsv(WaitingNow waiting, string timeZoneId, DateTime nowUtc)
    {
        var csv = new StringBuilder();
        csv.AppendLine($"Customer,Department,Assigned to,Waiting since ({timeZoneId}),Waited minutes,Overdue,Last text,Conversation");
        foreach (var row in waiting.Oldest)
        {
            csv.AppendLine(string.Join(',',
                Csv.Cell(row.CustomerName), Csv.Cell(row.DepartmentName), Csv.Cell(row.AssigneeName), Csv.Time(row.WaitingSince, timeZoneId),
                ((int)(nowUtc - row.WaitingSince).TotalMinutes).ToString(CultureInfo.InvariantCulture), row.Overdue ? "yes" : "no",
                Csv.Cell(row.Preview), row.ThreadId.ToString()));
        }

        return csv.ToString();
    }

    /// <summary>One line per department and per person, then everything; minutes are whole minutes, shares are counts of answers.</summary>
    internal static string ResponsivenessCsv(Responsiveness report, ReportRange range, string timeZoneId)
    {
        var csv = new StringBuilder();
        csv.AppendLine($"# Answers from {Csv.Time(range.FromUtc, timeZoneId)} to {Csv.Time(range.ToUtc, timeZoneId)} ({timeZoneId})");
        csv.AppendLine("Group,Name,Answers,First responses,First median business min,First median wall min,Median business min,90th percentile business min," +
            "Median wall min,90th percentile wall min,Within 5 business min,Within 15 business min,Within 60 business min");
        var lines = report.ByDepartment.Select(r => ("Department", r)).Concat(report.ByUser.Select(r => ("Person", r))).Append(("All", report.Overall));
        foreach (var (group, row) in lines)
        {
            csv.AppendLine(string.Join(',',
                group, Csv.Cell(row.Name), Number(row.EveryBusiness.Count), Number(row.FirstBusiness.Count),
                Number(row.FirstBusiness.MedianMinutes), Number(row.FirstWall.MedianMinutes),
                Number(row.EveryBusiness.MedianMinutes), Number(row.EveryBusiness.P90Minutes),
                Number(row.EveryWall.MedianMinutes), Number(row.EveryWall.P90Minutes),
                Number(row.EveryBusiness.Within5), Number(row.EveryBusiness.Within15), Number(row.EveryBusiness.Within60)));
        }

        return csv.ToString();
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
