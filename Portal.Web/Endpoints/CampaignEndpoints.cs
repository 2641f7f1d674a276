using System.Text;
using Portal.Core.Abstractions;
using Portal.Core.Campaigns;

namespace Portal.Web.Endpoints;

internal static class CampaignEndpoints
{
    /// <summary>A campaign's results per recipient as CSV, for managers of its department.</summary>
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/campaigns/{id:guid}/results.csv", async (Guid id, HttpContext http, IDepartmentScopeProvider scopes, ICampaignService campaigns, CancellationToken cancellationToken) =>
            {
                var scope = await scopes.GetScopeAsync(http.User, cancellationToken);
                CampaignResults results;
                try
                {
                    results = await campaigns.GetResultsAsync(scope, id, cancellationToken);
                }
                catch (NotFoundException)
                {
                    return Results.NotFound();
                }
                catch (AccessDeniedException)
                {
                    return Results.Forbid();
                }

                return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ToCsv(results))).ToArray(), "text/csv", $"campaign-{id:N}-results.csv");
            })
            .RequireAuthorization(Policies.Manager)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Times in the campaign's department's zone, named in the header, as the page shows them.</summary>
    internal static string ToCsv(CampaignResults results)
    {
        var zone = results.TimeZoneId;
        var csv = new StringBuilder();
        csv.AppendLine($"Customer,Phone,Variant,Status,Sent at ({zone}),Replied,Replied at ({zone}),Opted out after,Why it failed,Provider's code");
        foreach (var r in results.Recipients)
        {
            csv.AppendJoin(',', Csv.Cell(r.Name), Csv.Cell(r.Phone), Csv.Cell(r.Variant), Csv.Cell(r.Outcome), Csv.Cell(Csv.Time(r.SentAt, zone)), r.Replied ? "yes" : "no",
                Csv.Cell(Csv.Time(r.RepliedAt, zone)), r.OptedOutAfter ? "yes" : "no", Csv.Cell(r.FailureText), Csv.Cell(r.NotSentOptedOut ? null : r.FailureDetail)).AppendLine();
        }

        return csv.ToString();
    }
}
