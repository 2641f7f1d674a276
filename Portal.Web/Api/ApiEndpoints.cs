using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Departments;
using Portal.Core.Integration;
using Portal.Core.Messages;
using Portal.Core.Sending;
using Portal.Core.Templates;
using Portal.Core.Threads;

namespace Portal.Web.Api;

/// <summary>The integration API, version 1: what a DMS or CRM uses with a key. Described at <c>/openapi/v1.json</c>.</summary>
internal static class ApiEndpoints
{
    public const string Policy = "Api";
    public const string RateLimit = "api-key";
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapIntegrationApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RateLimit)
            .AddEndpointFilter<ProblemFilter>()
            // The largest sensible request is a history batch of 500 items; anything bigger is refused with 413.
            .WithMetadata(new RequestSizeLimitAttribute(4 * 1024 * 1024))
            .WithTags("Integration API")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/departments", ListDepartmentsAsync)
            .WithName("ListDepartments").WithSummary("The departments this key may use");
        api.MapPost("/departments/{departmentId:guid}/customers/{customerId:guid}/messages", SendToCustomerAsync)
            .WithName("SendMessageToCustomer").WithSummary("Send a text to a customer now or later")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/departments/{departmentId:guid}/messages", SendToNumberAsync)
            .WithName("SendMessageToNumber").WithSummary("Send a text to a number; the customer is found or created")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/departments/{departmentId:guid}/threads", ListThreadsAsync)
            .WithName("ListThreads").WithSummary("A department's conversations, newest activity first")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/threads/{threadId:guid}/messages", ListMessagesAsync)
            .WithName("ListThreadMessages").WithSummary("A conversation's messages, oldest first")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/departments/{departmentId:guid}/customers/{customerId:guid}/communications/historical", ImportHistoryAsync)
            .WithName("ImportHistory").WithSummary("Import past messages (the DMS's saveMessageRequestList); never sent, idempotent by sourceUuid")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/customers", CreateCustomerAsync)
            .WithName("CreateCustomer").WithSummary("Create a customer")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/customers", FindCustomersAsync)
            .WithName("FindCustomers").WithSummary("Find customers by phone, email or DMS id")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/customers/{customerId:guid}", GetCustomerAsync)
            .WithName("GetCustomer").WithSummary("A customer, with their consent")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/customers/{customerId:guid}", UpdateCustomerAsync)
            .WithName("UpdateCustomer").WithSummary("Update a customer")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/customers/{customerId:guid}/consent", RecordConsentAsync)
            .WithName("RecordConsent").WithSummary("Record an opt-in or opt-out for the customer's number, with how it was given")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/messages/{messageId:guid}", GetMessageAsync)
            .WithName("GetMessage").WithSummary("A message with the statuses it has been through")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/messages/{messageId:guid}", RescheduleAsync)
            .WithName("RescheduleMessage").WithSummary("Move a scheduled message to another time")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/messages/{messageId:guid}", CancelAsync)
            .WithName("CancelMessage").WithSummary("Cancel a message that has not started sending")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapCampaignApi();
        api.MapEventWebhookApi();
        return endpoints;
    }

    private static async Task<Results<Created<ApiCustomer>, ProblemHttpResult>> CreateCustomerAsync(
        ApiCustomerInput request, ClaimsPrincipal user, ICustomerService customers, CancellationToken cancellationToken)
    {
        var scope = ApiKeyAuthenticationHandler.ScopeOf(user);
        var id = await customers.CreateAsync(scope, Validated(request.ToInput()), new Actor(Guid.Empty, user.Identity?.Name ?? "Integration"), cancellationToken);
        return await GetCustomerAsync(id, user, customers, cancellationToken) is { Result: Ok<ApiCustomer> { Value: { } created } }
            ? TypedResults.Created($"/api/v1/customers/{id}", created)
            : TypedResults.Problem(statusCode: 409, title: "Not possible now", detail: "The customer was created but cannot be read back.");
    }

    private static async Task<Ok<ApiPage<ApiCustomer>>> FindCustomersAsync(
        ClaimsPrincipal user, ICustomerService customers, IIntegrationQueries queries, CancellationToken cancellationToken, string? phone = null, string? email = null, string? dmsId = null)
    {
        var query = new[] { phone, email, dmsId }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? throw new ValidationException("phone", "Give phone, email or dmsId.");
        var scope = ApiKeyAuthenticationHandler.ScopeOf(user);
        var found = await customers.SearchAsync(scope, query, 1, 50, cancellationToken);
        // The search decides who the key may see; the full records are read in one go.
        var details = (await queries.CustomersAsync([.. found.Items.Select(i => i.Id)], cancellationToken)).Select(ApiCustomer.From).ToList();
        return TypedResults.Ok(new ApiPage<ApiCustomer>(details, 1, 50, found.TotalCount));
    }

    private static async Task<Results<Ok<ApiCustomer>, ProblemHttpResult>> GetCustomerAsync(Guid customerId, ClaimsPrincipal user, ICustomerService customers, CancellationToken cancellationToken) =>
        await customers.GetAsync(ApiKeyAuthenticationHandler.ScopeOf(user), customerId, cancellationToken) switch
        {
            { Outcome: AccessOutcome.Found, Value: { } detail } => TypedResults.Ok(ApiCustomer.From(detail.Customer)),
            { Outcome: AccessOutcome.Forbidden } => TypedResults.Problem(statusCode: 403, title: "Not allowed for this key", detail: "The customer talks only to departments this key may not use."),
            _ => TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no such customer."),
        };

    private static async Task<Results<Ok<ApiCustomer>, ProblemHttpResult>> UpdateCustomerAsync(
        Guid customerId, ApiCustomerInput request, ClaimsPrincipal user, ICustomerService customers, CancellationToken cancellationToken)
    {
        var scope = ApiKeyAuthenticationHandler.ScopeOf(user);
        if (await customers.GetAsync(scope, customerId, cancellationToken) is not { Outcome: AccessOutcome.Found, Value: { } detail } found)
        {
            return await GetCustomerAsync(customerId, user, customers, cancellationToken) is { Result: ProblemHttpResult problem } ? problem
                : TypedResults.Problem(statusCode: 404, title: "Not found");
        }

        await customers.UpdateAsync(scope, customerId, Validated(request.ToInput(detail.Customer)), cancellationToken);
        return await GetCustomerAsync(customerId, user, customers, cancellationToken);
    }

    private static async Task<Results<Ok<ApiCustomer>, ProblemHttpResult>> RecordConsentAsync(
        Guid customerId, ApiConsentChange request, ClaimsPrincipal user, Core.Consent.IConsentRecorder consent, ICustomerService customers, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ConsentStatus>(request.Status, ignoreCase: true, out var status))
        {
            throw new ValidationException("status", "Give OptedIn or OptedOut.");
        }

        await consent.RecordAsync(ApiKeyAuthenticationHandler.ScopeOf(user), customerId, status, request.Reason, new Actor(Guid.Empty, user.Identity?.Name ?? "Integration"), cancellationToken);
        return await GetCustomerAsync(customerId, user, customers, cancellationToken);
    }

    /// <summary>The same field rules as the customer form, as a 422.</summary>
    private static CustomerInput Validated(CustomerInput input)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(input, new(input), results, validateAllProperties: true))
        {
            throw new ValidationException(results
                .SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(m => (Field: m, r.ErrorMessage ?? "Invalid.")))
                .GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Item2).ToArray()));
        }

        return input;
    }

    private static async Task<Ok<ApiHistoryResponse>> ImportHistoryAsync(
        Guid departmentId, Guid customerId, ApiHistoryRequest request, ClaimsPrincipal user, IHistoryImport history, CancellationToken cancellationToken)
    {
        if (request.SaveMessageRequestList is not { Count: > 0 } list)
        {
            throw new ValidationException("saveMessageRequestList", "Send at least one item in saveMessageRequestList.");
        }

        var result = await history.ImportAsync(ApiKeyAuthenticationHandler.ScopeOf(user), departmentId, customerId, [.. list.Select(i => (i ?? ApiHistoryItem.Empty).ToItem())], cancellationToken);
        return TypedResults.Ok(ApiHistoryResponse.From(result));
    }

    private static async Task<Results<Ok<ApiMessageDetail>, ProblemHttpResult>> GetMessageAsync(Guid messageId, ClaimsPrincipal user, IIntegrationQueries queries, CancellationToken cancellationToken) =>
        await queries.MessageAsync(ApiKeyAuthenticationHandler.ScopeOf(user), messageId, cancellationToken) switch
        {
            { Outcome: AccessOutcome.Found, Value: { } message } => TypedResults.Ok(ApiMessageDetail.From(message)),
            { Outcome: AccessOutcome.Forbidden } => TypedResults.Problem(statusCode: 403, title: "Not allowed for this key", detail: "The message belongs to a department this key may not use."),
            _ => TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no such message."),
        };

    private static async Task<Results<Ok<ApiMessageDetail>, ProblemHttpResult>> RescheduleAsync(
        Guid messageId, ApiReschedule request, ClaimsPrincipal user, IOutboundMessageService outbound, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        var scope = ApiKeyAuthenticationHandler.ScopeOf(user);
        await outbound.RescheduleAsync(scope, messageId, request.SendAt.UtcDateTime, cancellationToken);
        return await GetMessageAsync(messageId, user, queries, cancellationToken);
    }

    private static async Task<NoContent> CancelAsync(Guid messageId, ClaimsPrincipal user, IOutboundMessageService outbound, CancellationToken cancellationToken)
    {
        await outbound.CancelAsync(ApiKeyAuthenticationHandler.ScopeOf(user), messageId, new Actor(Guid.Empty, user.Identity?.Name ?? "Integration"), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<ApiDepartment>>> ListDepartmentsAsync(ClaimsPrincipal user, IDepartmentAdministration departments, CancellationToken cancellationToken)
    {
        var scope = ApiKeyAuthenticationHandler.ScopeOf(user);
        IReadOnlyList<ApiDepartment> list = [.. (await departments.ListAsync(cancellationToken)).Where(d => scope.Allows(d.Id)).Select(ApiDepartment.From)];
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Accepted<ApiMessage>, Ok<ApiMessage>, ProblemHttpResult>> SendToCustomerAsync(
        Guid departmentId, Guid customerId, ApiSendMessage request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user, IThreadService threads, IOutboundMessageService outbound, ITemplateService templates, IIntegrationQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        await queries.EnsureDepartmentAsync(ApiKeyAuthenticationHandler.ScopeOf(user), departmentId, cancellationToken);
        var key = Namespaced(user, idempotencyKey);
        if (key is not null && await queries.FindByIdempotencyKeyAsync(key, cancellationToken) is { } repeat)
        {
            return Repeat(repeat, customerId, departmentId);
        }

        var (attachments, template) = await CheckAsync(request, departmentId, templates, clock, cancellationToken);
        return await QueueAsync(departmentId, customerId, request, key, attachments, template, user, threads, outbound, templates, queries, cancellationToken);
    }

    private static async Task<Results<Accepted<ApiMessage>, Ok<ApiMessage>, ProblemHttpResult>> SendToNumberAsync(
        Guid departmentId, ApiSendToNumber request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user, PhoneNumberNormalizer phones, IThreadService threads, IOutboundMessageService outbound,
        ITemplateService templates, IIntegrationQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        await queries.EnsureDepartmentAsync(ApiKeyAuthenticationHandler.ScopeOf(user), departmentId, cancellationToken);
        if (!phones.TryNormalize(request.To, out var e164))
        {
            throw new ValidationException("to", "Give the number in E.164, e.g. +13125550101.");
        }

        var key = Namespaced(user, idempotencyKey);
        if (key is not null && await queries.FindByIdempotencyKeyAsync(key, cancellationToken) is { } repeat)
        {
            return Repeat(repeat, repeat.CustomerId, departmentId);
        }

        // Everything that can be refused is checked before a new number becomes a customer.
        var (attachments, template) = await CheckAsync(request, departmentId, templates, clock, cancellationToken);
        var customerId = await queries.FindOrCreateCustomerAsync(e164, cancellationToken);
        return await QueueAsync(departmentId, customerId, request, key, attachments, template, user, threads, outbound, templates, queries, cancellationToken);
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
        ClaimsPrincipal user, IThreadService threads, IOutboundMessageService outbound, ITemplateService templates, IIntegrationQueries queries, CancellationToken cancellationToken)
    {
        // Refused before the conversation is opened.
        if (await queries.IsOptedOutAsync(customerId, cancellationToken))
        {
            return TypedResults.Problem(statusCode: 409, title: "The customer has opted out",
                detail: "This number has opted out of texts. It can text START to opt back in, or record consent with a reason.");
        }

        var scope = ApiKeyAuthenticationHandler.ScopeOf(user);
        var actor = new Actor(Guid.Empty, user.Identity?.Name ?? "Integration");
        var threadId = await threads.StartAsync(scope, customerId, departmentId, actor, cancellationToken);
        var body = await BodyAsync(request, template, threadId, scope, threads, templates, actor, cancellationToken);
        var message = await outbound.QueueAsync(scope, threadId, new ComposeRequest(
            body, attachments, request.TemplateId, request.SendAt?.UtcDateTime, Automated: true, IdempotencyKey: key, AuthorType: AuthorType.Api), actor, cancellationToken);
        return TypedResults.Accepted($"/api/v1/threads/{message.ThreadId}/messages", ApiMessage.From(message));
    }

    private static async Task<Ok<ApiPage<ApiThreadView>>> ListThreadsAsync(
        Guid departmentId, ClaimsPrincipal user, IIntegrationQueries queries, CancellationToken cancellationToken,
        ThreadStatus? status = null, DateTimeOffset? updatedSince = null, int page = 1, int pageSize = 50)
    {
        CheckPage(page, pageSize);
        await queries.EnsureDepartmentAsync(ApiKeyAuthenticationHandler.ScopeOf(user), departmentId, cancellationToken);
        var found = await queries.ThreadsAsync(ApiKeyAuthenticationHandler.ScopeOf(user), departmentId, status, updatedSince?.UtcDateTime, page, pageSize, cancellationToken);
        return TypedResults.Ok(new ApiPage<ApiThreadView>([.. found.Items.Select(ApiThreadView.From)], found.Page, found.PageSize, found.TotalCount));
    }

    private static async Task<Results<Ok<ApiPage<ApiMessage>>, ProblemHttpResult>> ListMessagesAsync(
        Guid threadId, ClaimsPrincipal user, IIntegrationQueries queries, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        CheckPage(page, pageSize);
        var found = await queries.MessagesAsync(ApiKeyAuthenticationHandler.ScopeOf(user), threadId, page, pageSize, cancellationToken);
        return found switch
        {
            { Outcome: AccessOutcome.Found, Value: { } messages } => TypedResults.Ok(new ApiPage<ApiMessage>([.. messages.Items.Select(ApiMessage.From)], messages.Page, messages.PageSize, messages.TotalCount)),
            { Outcome: AccessOutcome.Forbidden } => TypedResults.Problem(statusCode: 403, title: "Not allowed for this key", detail: "The conversation belongs to a department this key may not use."),
            _ => TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no such conversation."),
        };
    }

    /// <summary>Idempotency keys are the caller's own: two systems using the same key do not collide.</summary>
    private static string? Namespaced(ClaimsPrincipal user, string? idempotencyKey)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return null;
        }

        if (idempotencyKey.Length > 100)
        {
            throw new ValidationException("Idempotency-Key", "An Idempotency-Key can be at most 100 characters.");
        }

        return $"api:{ApiKeyAuthenticationHandler.KeyOf(user)}:{idempotencyKey.Trim()}";
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

        var detail = (await threads.GetAsync(scope, threadId, cancellationToken)).Value!;
        return templates.Render(template.Body, MergeContext.For(detail.Customer, actor.Name, detail.Department.Name));
    }

    private static void CheckPage(int page, int pageSize)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            throw new ValidationException("page", $"page starts at 1; pageSize is 1–{MaxPageSize}.");
        }
    }

    /// <summary>
    /// Use cases name fields as the pages bind them (<c>Variants[0].Body</c>); the API's JSON is camelCase. Header names
    /// (<c>Idempotency-Key</c>) stay as they are.
    /// </summary>
    internal static string JsonField(string field) => field.Contains('-')
        ? field
        : string.Join('.', field.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) ? char.ToLowerInvariant(part[0]) + part[1..] : part));

    /// <summary>The use cases' exceptions as RFC 7807 problem details: 422 with field errors, 403, 404, 409.</summary>
    private sealed class ProblemFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            try
            {
                return await next(context);
            }
            catch (ValidationException e)
            {
                return Results.ValidationProblem(
                    e.Errors.ToDictionary(f => JsonField(f.Key), f => f.Value), statusCode: StatusCodes.Status422UnprocessableEntity, title: "The request has invalid fields");
            }
            catch (AccessDeniedException e)
            {
                return TypedResults.Problem(statusCode: 403, title: "Not allowed for this key", detail: e.Message);
            }
            catch (NotFoundException e)
            {
                return TypedResults.Problem(statusCode: 404, title: "Not found", detail: e.Message);
            }
            catch (DomainException e)
            {
                return TypedResults.Problem(statusCode: 409, title: "Not possible now", detail: e.Message);
            }
        }
    }
}
