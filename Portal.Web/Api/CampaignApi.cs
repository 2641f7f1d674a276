using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Campaigns;
using Portal.Core.Integration;

namespace Portal.Web.Api;

/// <summary>Campaigns through the integration API: the same engine and rules as the managers' pages.</summary>
internal static class CampaignApi
{
    private const int MaxRecipientsPage = 1000;

    public static RouteGroupBuilder MapCampaignApi(this RouteGroupBuilder api)
    {
        api.MapGet("/departments/{departmentId:guid}/campaigns", ListAsync)
            .WithName("ListCampaigns").WithSummary("A department's campaigns, newest first")
            .ProducesForbiddenOrNotFound();
        api.MapPost("/departments/{departmentId:guid}/campaigns", CreateAsync)
            .WithName("CreateCampaign").WithSummary("Create a campaign as a draft; nothing is sent until it is scheduled")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesForbiddenOrNotFound();
        api.MapGet("/campaigns/{campaignId:guid}", GetAsync)
            .WithName("GetCampaign").WithSummary("A campaign and its progress")
            .ProducesForbiddenOrNotFound();
        api.MapPut("/campaigns/{campaignId:guid}", UpdateAsync)
            .WithName("UpdateCampaign").WithSummary("Change a draft campaign")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/campaigns/{campaignId:guid}/preview", PreviewAsync)
            .WithName("PreviewCampaign").WithSummary("Who would get which text, who would not and why; writes nothing")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound();
        api.MapPost("/campaigns/{campaignId:guid}/schedule", ScheduleAsync)
            .WithName("ScheduleCampaign").WithSummary("Write one scheduled text per recipient and start sending at the start time")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/campaigns/{campaignId:guid}/pause", PauseAsync)
            .WithName("PauseCampaign").WithSummary("Stop sending; what has gone stays")
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/campaigns/{campaignId:guid}/resume", ResumeAsync)
            .WithName("ResumeCampaign").WithSummary("Go on sending a paused campaign")
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/campaigns/{campaignId:guid}/cancel", CancelAsync)
            .WithName("CancelCampaign").WithSummary("Cancel every text that has not gone")
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/campaigns/{campaignId:guid}/results", ResultsAsync)
            .WithName("GetCampaignResults").WithSummary("Counts, per-variant rates and a page of recipients with their outcome")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ApiCampaignSummary>>> ListAsync(
        Guid departmentId, [AsParameters] ApiCaller caller, ICampaignService campaigns, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        var scope = caller.Scope;
        await queries.EnsureDepartmentAsync(scope, departmentId, cancellationToken);

        IReadOnlyList<ApiCampaignSummary> list = [.. (await campaigns.ListAsync(scope, cancellationToken))
            .Where(c => c.DepartmentId == departmentId).OrderByDescending(c => c.CreatedAt).Select(ApiCampaignSummary.From)];
        return TypedResults.Ok(list);
    }

    private static async Task<Created<ApiCampaign>> CreateAsync(
        Guid departmentId, ApiCampaignInput request, [AsParameters] ApiCaller caller, ICampaignService campaigns, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        var scope = caller.Scope;
        await queries.EnsureDepartmentAsync(scope, departmentId, cancellationToken);
        var id = await campaigns.SaveDraftAsync(scope, null, request.ToInput(departmentId), caller.Actor, cancellationToken);
        return TypedResults.Created($"/api/v1/campaigns/{id}", await ReadAsync(scope, id, campaigns, cancellationToken));
    }

    private static async Task<Ok<ApiCampaign>> GetAsync(Guid campaignId, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ReadAsync(caller.Scope, campaignId, campaigns, cancellationToken));

    private static async Task<Ok<ApiCampaign>> UpdateAsync(Guid campaignId, ApiCampaignInput request, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken)
    {
        var scope = caller.Scope;
        var current = await campaigns.GetInputAsync(scope, campaignId, cancellationToken);
        await campaigns.SaveDraftAsync(scope, campaignId, request.ToInput(current.DepartmentId!.Value), caller.Actor, cancellationToken);
        return TypedResults.Ok(await ReadAsync(scope, campaignId, campaigns, cancellationToken));
    }

    private static async Task<Ok<ApiCampaignPreview>> PreviewAsync(Guid campaignId, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken)
    {
        var scope = caller.Scope;
        var input = await campaigns.GetInputAsync(scope, campaignId, cancellationToken);
        var preview = await campaigns.PreviewAsync(scope, input, caller.Actor, cancellationToken: cancellationToken);
        return TypedResults.Ok(ApiCampaignPreview.From(preview));
    }

    private static async Task<Ok<ApiCampaignProgress>> ScheduleAsync(Guid campaignId, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken)
    {
        var scope = caller.Scope;
        var progress = await campaigns.ScheduleAsync(scope, campaignId, caller.Actor, cancellationToken);
        return TypedResults.Ok(ApiCampaignProgress.From(progress));
    }

    private static Task<Ok<ApiCampaignProgress>> PauseAsync(Guid campaignId, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken) =>
        ChangeAsync(caller, campaignId, campaigns.PauseAsync, campaigns, cancellationToken);

    private static Task<Ok<ApiCampaignProgress>> ResumeAsync(Guid campaignId, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken) =>
        ChangeAsync(caller, campaignId, campaigns.ResumeAsync, campaigns, cancellationToken);

    private static Task<Ok<ApiCampaignProgress>> CancelAsync(Guid campaignId, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken) =>
        ChangeAsync(caller, campaignId, campaigns.CancelAsync, campaigns, cancellationToken);

    private static async Task<Ok<ApiCampaignResults>> ResultsAsync(
        Guid campaignId, [AsParameters] ApiCaller caller, ICampaignService campaigns, CancellationToken cancellationToken, int page = 1, int pageSize = 200)
    {
        if (page < 1 || pageSize is < 1 or > MaxRecipientsPage)
        {
            throw new ValidationException("page", $"page starts at 1; pageSize is 1–{MaxRecipientsPage}.");
        }

        var results = await campaigns.GetResultsAsync(caller.Scope, campaignId, cancellationToken);
        var recipients = results.Recipients.Skip((page - 1) * pageSize).Take(pageSize).Select(ApiCampaignRecipient.From).ToList();
        return TypedResults.Ok(new ApiCampaignResults(
            ApiCampaignProgress.From(results.Progress),
            [.. results.Variants.Select(ApiCampaignVariantResult.From)],
            new ApiPage<ApiCampaignRecipient>(recipients, page, pageSize, results.Recipients.Count)));
    }

    private static async Task<Ok<ApiCampaignProgress>> ChangeAsync(
        ApiCaller caller, Guid campaignId, Func<Core.Security.DepartmentScope, Guid, CancellationToken, Task> change, ICampaignService campaigns, CancellationToken cancellationToken)
    {
        var scope = caller.Scope;
        await change(scope, campaignId, cancellationToken);
        return TypedResults.Ok(ApiCampaignProgress.From(await campaigns.GetProgressAsync(scope, campaignId, cancellationToken)));
    }

    private static async Task<ApiCampaign> ReadAsync(Core.Security.DepartmentScope scope, Guid campaignId, ICampaignService campaigns, CancellationToken cancellationToken) =>
        ApiCampaign.From(campaignId, await campaigns.GetInputAsync(scope, campaignId, cancellationToken), await campaigns.GetProgressAsync(scope, campaignId, cancellationToken));
}
