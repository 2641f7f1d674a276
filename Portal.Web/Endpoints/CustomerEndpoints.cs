using System.Text;
using Portal.Core.Abstractions;
using Portal.Core.Customers;
using Portal.Web.Components.Pages.Customers;

namespace Portal.Web.Endpoints;

internal static class CustomerEndpoints
{
    /// <summary>The consent ledger of a customer's number as CSV, for anyone who may see the customer.</summary>
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/customers/{id:guid}/consent.csv", async (Guid id, HttpContext http, IDepartmentScopeProvider scopes, ICustomerService customers,
                Portal.Core.Departments.IDepartmentAdministration departments, CancellationToken cancellationToken) =>
            {
                var access = await customers.GetAsync(await scopes.GetScopeAsync(http.User, cancellationToken), id, cancellationToken);
                var zone = (await departments.GetDealershipTimeZoneAsync(cancellationToken)).TimeZoneId;
                return access.Outcome switch
                {
                    AccessOutcome.NotFound => Results.NotFound(),
                    AccessOutcome.Forbidden => Results.Forbid(),
                    _ => Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ToCsv(access.Value!, zone))).ToArray(), "text/csv", $"consent-{id:N}.csv"),
                };
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Times in the dealership's zone, named in the header.</summary>
    internal static string ToCsv(CustomerDetail detail, string zone)
    {
        var csv = new StringBuilder();
        csv.AppendLine($"Number,Consent,Customer acted at ({zone}),Recorded at ({zone}),Source,Detail,Recorded by,Message id");
        foreach (var e in detail.ConsentLedger)
        {
            csv.AppendJoin(',', Csv.Cell(e.Number), e.Status == ConsentStatus.OptedOut ? "opted out" : "opted in", Csv.Time(e.ActedAt, zone), Csv.Time(e.RecordedAt, zone),
                Csv.Cell(ConsentLedgerCard.SourceLabel(e.Source)), Csv.Cell(e.Detail), Csv.Cell(e.RecordedBy), e.MessageId?.ToString() ?? "").AppendLine();
        }

        return csv.ToString();
    }
}
