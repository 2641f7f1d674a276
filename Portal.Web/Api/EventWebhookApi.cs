using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.EventWebhooks;
using Portal.Core.Integration;

namespace Portal.Web.Api;

/// <summary>
/// An integration registers where the portal should post its events, for the departments its key may use; the same
/// subscriptions, signing and retries as an admin's on the event webhooks page.
/// </summary>
internal static class EventWebhookApi
{
    public static RouteGroupBuilder MapEventWebhookApi(this RouteGroupBuilder api)
    {
        api.MapGet("/departments/{departmentId:guid}/webhooks", ListAsync)
            .WithName("ListEventWebhooks").WithSummary("The endpoints that receive this department's events")
            .ProducesForbiddenOrNotFound();
        api.MapPost("/departments/{departmentId:guid}/webhooks", CreateAsync)
            .WithName("CreateEventWebhook").WithSummary("Register an endpoint for events; the signing secret is in this answer only")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound();
        api.MapDelete("/webhooks/{webhookId:guid}", DeleteAsync)
            .WithName("DeleteEventWebhook").WithSummary("Stop posting to an endpoint and forget its deliveries")
            .ProducesForbiddenOrNotFound();
        api.MapPost("/webhooks/{webhookId:guid}/secret", RotateAsync)
            .WithName("RotateEventWebhookSecret").WithSummary("A new signing secret; the old one keeps signing beside it for a grace period")
            .ProducesForbiddenOrNotFound();
        api.MapGet("/webhooks/{webhookId:guid}/deliveries", DeliveriesAsync)
            .WithName("ListEventWebhookDeliveries").WithSummary("The newest deliveries to an endpoint, with each attempt")
            .ProducesForbiddenOrNotFound();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ApiEventWebhook>>> ListAsync(
        Guid departmentId, [AsParameters] ApiCaller caller, IEventWebhookAdministration webhooks, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        await queries.EnsureDepartmentAsync(caller.Scope, departmentId, cancellationToken);
        IReadOnlyList<ApiEventWebhook> list = [.. (await webhooks.ListAsync(cancellationToken)).Where(s => s.DepartmentId == departmentId).Select(ApiEventWebhook.From)];
        return TypedResults.Ok(list);
    }

    private static async Task<Created<ApiEventWebhookCreated>> CreateAsync(
        Guid departmentId, ApiEventWebhookInput request, [AsParameters] ApiCaller caller, IEventWebhookAdministration webhooks, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        await queries.EnsureDepartmentAsync(caller.Scope, departmentId, cancellationToken);
        var types = EventWebhookTypes.None;
        foreach (var name in request.Events ?? [])
        {
            types |= EventWebhookTypeNames.Each.FirstOrDefault(t => EventWebhookTypeNames.Name(t) == name) is var type && type != EventWebhookTypes.None
                ? type
                : throw new ValidationException("events", $"Unknown event \"{name}\". Use {string.Join(", ", EventWebhookTypeNames.Each.Select(EventWebhookTypeNames.Name))}.");
        }

        WebhookSecret secret;
        try
        {
            secret = await webhooks.CreateAsync(new EventWebhookInput(departmentId, request.Url ?? "", types), caller.Actor.Name, cancellationToken);
        }
        catch (ValidationException e)
        {
            // The page's event checkboxes are the request's "events".
            throw new ValidationException(e.Errors.ToDictionary(f => f.Key == nameof(EventWebhookInput.EventTypes) ? "events" : f.Key, f => f.Value));
        }

        var created = (await webhooks.ListAsync(cancellationToken)).Single(s => s.Id == secret.SubscriptionId);
        return TypedResults.Created($"/api/v1/webhooks/{secret.SubscriptionId}", new ApiEventWebhookCreated(ApiEventWebhook.From(created), secret.Secret));
    }

    private static async Task<NoContent> DeleteAsync(Guid webhookId, [AsParameters] ApiCaller caller, IEventWebhookAdministration webhooks, CancellationToken cancellationToken)
    {
        await OwnAsync(webhookId, caller, webhooks, cancellationToken);
        await webhooks.DeleteAsync(webhookId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ApiEventWebhookSecret>> RotateAsync(Guid webhookId, [AsParameters] ApiCaller caller, IEventWebhookAdministration webhooks, CancellationToken cancellationToken)
    {
        await OwnAsync(webhookId, caller, webhooks, cancellationToken);
        return TypedResults.Ok(new ApiEventWebhookSecret((await webhooks.RotateSecretAsync(webhookId, cancellationToken)).Secret));
    }

    private static async Task<Ok<IReadOnlyList<ApiEventWebhookDelivery>>> DeliveriesAsync(
        Guid webhookId, [AsParameters] ApiCaller caller, IEventWebhookAdministration webhooks, CancellationToken cancellationToken)
    {
        await OwnAsync(webhookId, caller, webhooks, cancellationToken);
        IReadOnlyList<ApiEventWebhookDelivery> list = [.. (await webhooks.ListDeliveriesAsync(webhookId, 50, cancellationToken)).Select(ApiEventWebhookDelivery.From)];
        return TypedResults.Ok(list);
    }

    /// <summary>The subscription, if the key may use its department.</summary>
    private static async Task OwnAsync(Guid webhookId, ApiCaller caller, IEventWebhookAdministration webhooks, CancellationToken cancellationToken)
    {
        var subscription = (await webhooks.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == webhookId) ?? throw new NotFoundException("The webhook");
        if (!caller.Scope.Allows(subscription.DepartmentId))
        {
            throw new AccessDeniedException("The webhook belongs to a department this key may not use.");
        }
    }
}

/// <param name="Url">A public https (or http) address; loopback and private addresses are refused.</param>
/// <param name="Events">Any of <c>message.received</c>, <c>message.status_changed</c>, <c>thread.assigned</c>, <c>thread.closed</c>, <c>customer.opted_out</c>.</param>
public sealed record ApiEventWebhookInput(string? Url, IReadOnlyList<string>? Events);

public sealed record ApiEventWebhook(Guid Id, Guid DepartmentId, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason, DateTime CreatedAt)
{
    public static ApiEventWebhook From(WebhookSubscriptionSummary s) => new(
        s.Id, s.DepartmentId, s.Url, [.. EventWebhookTypeNames.In(s.EventTypes).Select(EventWebhookTypeNames.Name)], s.Enabled, s.DisabledReason, s.CreatedAt);
}

/// <param name="Secret">The <c>whsec_…</c> secret that signs deliveries (Standard Webhooks); shown only here.</param>
public sealed record ApiEventWebhookCreated(ApiEventWebhook Webhook, string Secret);

public sealed record ApiEventWebhookSecret(string Secret);

public sealed record ApiEventWebhookAttempt(int Number, DateTime AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record ApiEventWebhookDelivery(
    Guid Id, string WebhookId, string EventType, string Status, int AttemptCount, DateTime? NextAttemptAt, int? LastStatusCode, string? LastError,
    DateTime CreatedAt, DateTime? DeliveredAt, IReadOnlyList<ApiEventWebhookAttempt> Attempts)
{
    public static ApiEventWebhookDelivery From(WebhookDeliveryView d) => new(
        d.Id, d.WebhookId, d.EventType, d.Status.ToString(), d.AttemptCount, d.NextAttemptAt, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt,
        [.. d.Attempts.Select(a => new ApiEventWebhookAttempt(a.Number, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs))]);
}
