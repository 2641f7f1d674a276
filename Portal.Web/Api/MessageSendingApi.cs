using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Customers;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Core.Templates;
using Portal.Core.Threads;

namespace Portal.Web.Api;

/// <summary>
/// Texts sent through the API: to a customer, or to a number (the customer is found or created). Automated, so they keep
/// to the department's sending hours; a repeated Idempotency-Key answers the first text instead of sending another.
/// </summary>
internal static class MessageSendingApi
{
    public static RouteGroupBuilder MapMessageSendingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/departments/{departmentId:guid}/customers/{customerId:guid}/messages", SendToCustomerAsync)
            .WithName("SendMessageToCustomer").WithSummary("Send a text to a customer now or later")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/departments/{departmentId:guid}/messages", SendToNumberAsync)
            .WithName("SendMessageToNumber").WithSummary("Send a text to a number; the customer is found or created")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound().ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Accepted<ApiMessage>, Ok<ApiMessage>, ProblemHttpResult>> SendToCustomerAsync(
        Guid departmentId, Guid customerId, ApiSendMessage request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [AsParameters] ApiCaller caller, IThreadService threads, IOutboundMessageService outbound, ITemplateService templates, IIntegrationQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        await queries.EnsureDepartmentAsync(caller.Scope, departmentId, cancellationToken);
        var key = Namespaced(caller, idempotencyKey);
        if (key is not null && await queries.FindByIdempotencyKeyAsync(key, cancellationToken) is { } repeat)
        {
            return Repeat(repeat, customerId, departmentId);
        }

        var (attachments, template) = await CheckAsync(request, departmentId, templates, clock, cancellationToken);
        return await QueueAsync(departmentId, customerId, request, key, attachments, template, caller, threads, outbound, templates, queries, cancellationToken);
    }

    private static async Task<Results<Accepted<ApiMessage>, Ok<ApiMessage>, ProblemHttpResult>> SendToNumberAsync(
        Guid departmentId, ApiSendToNumber request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [AsParameters] ApiCaller caller, PhoneNumberNormalizer phones, IThreadService threads, IOutboundMessageService outbound,
        ITemplateService templates, IIntegrationQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        await queries.EnsureDepartmentAsync(caller.Scope, departmentId, cancellationToken);
        if (!phones.TryNormalize(request.To, out var e164))
        {
            throw new ValidationException("to", "Give the number in E.164, e.g. +13125550101.");
        }

        var key = Namespaced(caller, idempotencyKey);
        if (key is not null && await queries.FindByIdempotencyKeyAsync(key, cancellationToken) is { } repeat)
        {
            // The key answers its first text only when asked for the same number again.
            return Repeat(repeat, await queries.FindCustomerAsync(e164, cancellationToken) ?? Guid.Empty, departmentId);
        }

        // Everything that can be refused is checked before a new number becomes a customer: a number nobody has texted
        // from has no text of theirs to reply to.
        var (attachments, template) = await CheckAsync(request, departmentId, templates, clock, cancellationToken);
        if (request.IsReply == true && await queries.FindCustomerAsync(e164, cancellationToken) is null)
        {
            throw new ValidationException(nameof(request.IsReply), SendingLimits.NotAReply);
        }

        var customerId = await queries.FindOrCreateCustomerAsync(e164, cancellationToken);
        return await QueueAsync(departmentId, customerId, request, key, attachments, template, caller, threads, outbound, templates, queries, cancellationToken);
    }

    /// <summary>A repeated Idempotency-Key answers the first text, unless it was used for another customer or department.</summary>
    private static Results<Accepted<ApiMessage>, Ok<ApiMessage>, ProblemHttpResult> Repeat(
        (Message Message, Guid CustomerId, Guid DepartmentId) repeat, Guid customerId, Guid departmentId) =>
        repeat.CustomerId == customerId && repeat.DepartmentId == departmentId
            ? TypedResults.Ok(ApiMessage.From(repeat.Message))
            : TypedResults.Problem(statusCode: 409, title: "Idempotency-Key already used", detail: "This key was used for a text to another customer or department.");

    /// <summary>The request's own rules (body, send time, attachments, template), checked before anything is written.</summary>
    private static async Task<(List<Attachment> Attachments, TemplateOption? Template)> CheckAsync(
        ApiSendMessage request, Guid departmentId, ITemplateService templates, TimeProvider clock, CancellationToken cancellationToken) =>
        (Validate(request, clock.GetUtcNow().UtcDateTime), await TemplateAsync(request, departmentId, templates, cancellationToken));

    private static async Task<Results<Accepted<ApiMessage>, Ok<ApiMessage>, ProblemHttpResult>> QueueAsync(
        Guid departmentId, Guid customerId, ApiSendMessage request, string? key, List<Attachment> attachments, TemplateOption? template,
        ApiCaller caller, IThreadService threads, IOutboundMessageService outbound, ITemplateService templates, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        // Refused before the conversation is opened.
        if (await queries.IsOptedOutAsync(customerId, cancellationToken))
        {
            return TypedResults.Problem(statusCode: 409, title: "The customer has opted out",
                detail: "This number has opted out of texts. It can text START to opt back in, or record consent with a reason.");
        }

        var (scope, actor) = (caller.Scope, caller.Actor);
        var threadId = await threads.StartAsync(scope, customerId, departmentId, actor, cancellationToken);
        var body = await BodyAsync(request, template, threadId, scope, threads, templates, actor, cancellationToken);
        var message = await outbound.QueueAsync(scope, threadId, new ComposeRequest(
            body, attachments, request.TemplateId, request.SendAt?.UtcDateTime, Automated: true, IdempotencyKey: key, AuthorType: AuthorType.Api,
            IsReply: request.IsReply == true), actor, cancellationToken);
        return TypedResults.Accepted($"/api/v1/threads/{message.ThreadId}/messages", ApiMessage.From(message));
    }

    /// <summary>Idempotency keys are the caller's own: two systems using the same key do not collide.</summary>
    private static string? Namespaced(ApiCaller caller, string? idempotencyKey)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return null;
        }

        if (idempotencyKey.Length > 100)
        {
            throw new ValidationException("Idempotency-Key", "An Idempotency-Key can be at most 100 characters.");
        }

        return $"api:{caller.KeyId}:{idempotencyKey.Trim()}";
    }

    private static List<Attachment> Validate(ApiSendMessage request, DateTime utcNow)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Body) && request.TemplateId is null && (request.MediaUrls?.Count ?? 0) == 0)
        {
            errors["body"] = ["Give a body, a templateId or mediaUrls."];
        }
        else if (request.Body?.Trim().Length > MessageBodyLimits.MaxTextLength)
        {
            errors["body"] = [$"A text can be at most {MessageBodyLimits.MaxTextLength:N0} characters."];
        }

        if (request.SendAt is { } sendAt && !SendingLimits.IsSchedulable(sendAt.UtcDateTime, utcNow))
        {
            errors["sendAt"] = [$"Give a time from now to {SendingLimits.MaxDaysAhead} days ahead, with its offset (ISO 8601)."];
        }

        var attachments = new List<Attachment>();
        foreach (var (url, i) in (request.MediaUrls ?? []).Select((u, i) => (u, i)))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && url.Length <= 2048)
            {
                attachments.Add(new Attachment(uri.ToString()));
            }
            else
            {
                errors[$"mediaUrls[{i}]"] = ["Give an absolute http or https address of at most 2,048 characters."];
            }
        }

        if (attachments.Count > 10)
        {
            errors["mediaUrls"] = ["At most 10 attachments."];
        }

        return errors.Count > 0 ? throw new ValidationException(errors) : attachments;
    }

    private static async Task<TemplateOption?> TemplateAsync(ApiSendMessage request, Guid departmentId, ITemplateService templates, CancellationToken cancellationToken) =>
        request.TemplateId is not { } templateId ? null
            : (await templates.ListForDepartmentAsync(departmentId, cancellationToken)).FirstOrDefault(t => t.Id == templateId)
              ?? throw new ValidationException("templateId", "No active template of this department has that id.");

    private static async Task<string> BodyAsync(ApiSendMessage request, TemplateOption? template, Guid threadId, Core.Security.DepartmentScope scope, IThreadService threads, ITemplateService templates, Actor actor, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request.Body) || template is null)
        {
            return request.Body ?? "";
        }

        var conversation = (await threads.GetAsync(scope, threadId, cancellationToken)).Value!;
        return templates.RenderFor(template.Body, conversation, actor.Name, senderIsRep: false);
    }
}
