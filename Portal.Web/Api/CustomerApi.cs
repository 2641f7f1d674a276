using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Integration;

namespace Portal.Web.Api;

/// <summary>Customers: create, find, read, update, and consent recorded with how it was given.</summary>
internal static class CustomerApi
{
    private const string ForbiddenCustomer = "The customer talks only to departments this key may not use.";

    public static RouteGroupBuilder MapCustomerApi(this RouteGroupBuilder api)
    {
        api.MapPost("/customers", CreateAsync)
            .WithName("CreateCustomer").WithSummary("Create a customer")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/customers", FindAsync)
            .WithName("FindCustomers").WithSummary("Find customers by phone, email or DMS id")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/customers/{customerId:guid}", GetAsync)
            .WithName("GetCustomer").WithSummary("A customer, with their consent")
            .ProducesForbiddenOrNotFound();
        api.MapPut("/customers/{customerId:guid}", UpdateAsync)
            .WithName("UpdateCustomer").WithSummary("Update a customer")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound();
        api.MapPost("/customers/{customerId:guid}/consent", RecordConsentAsync)
            .WithName("RecordConsent").WithSummary("Record an opt-in or opt-out for the customer's number, with how it was given")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesForbiddenOrNotFound();
        return api;
    }

    /// <summary>A number belongs to one customer: a create with a number on file answers that customer (200), or 409 with its id.</summary>
    private static async Task<Results<Created<ApiCustomer>, Ok<ApiCustomer>, ProblemHttpResult>> CreateAsync(
        ApiCustomerInput request, [AsParameters] ApiCaller caller, ICustomerService customers, CancellationToken cancellationToken)
    {
        var input = Validated(request.ToInput());
        if (await HolderAsync(request, caller, customers, cancellationToken) is { } holder)
        {
            return await ExistingAsync(holder, request, caller, customers, cancellationToken);
        }

        Guid id;
        try
        {
            id = await customers.CreateAsync(caller.Scope, input, caller.Actor, cancellationToken);
        }
        catch (ValidationException refused) when (refused.Errors.ContainsKey(nameof(CustomerInput.Phone)))
        {
            // Created by another call with the same number a moment ago: answered as any number on file.
            if (await HolderAsync(request, caller, customers, cancellationToken) is { } raced)
            {
                return await ExistingAsync(raced, request, caller, customers, cancellationToken);
            }

            throw;
        }

        return await GetAsync(id, caller, customers, cancellationToken) is { Result: Ok<ApiCustomer> { Value: { } created } }
            ? TypedResults.Created($"/api/v1/customers/{id}", created)
            : TypedResults.Problem(statusCode: 409, title: "Not possible now", detail: "The customer was created but cannot be read back.");
    }

    private static async Task<PhoneMatch?> HolderAsync(ApiCustomerInput request, ApiCaller caller, ICustomerService customers, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(request.Phone) ? null : (await customers.FindByPhoneAsync(caller.Scope, request.Phone, cancellationToken: cancellationToken)).FirstOrDefault();

    private static async Task<Results<Created<ApiCustomer>, Ok<ApiCustomer>, ProblemHttpResult>> ExistingAsync(
        PhoneMatch holder, ApiCustomerInput request, ApiCaller caller, ICustomerService customers, CancellationToken cancellationToken)
    {
        var extensions = new Dictionary<string, object?> { ["customerId"] = holder.Id };
        if (!holder.Visible || await GetAsync(holder.Id, caller, customers, cancellationToken) is not { Result: Ok<ApiCustomer> { Value: { } existing } })
        {
            return TypedResults.Problem(statusCode: 409, title: "The number belongs to another customer",
                detail: "The number is a customer of a department this key may not use; a number belongs to one customer.", extensions: extensions);
        }

        return request.ConflictsWith(existing) is { } field
            ? TypedResults.Problem(statusCode: 409, title: "The number belongs to another customer",
                detail: $"The customer with this number has another {field}: read it, then change it with PUT /api/v1/customers/{holder.Id} if it is the same person.",
                extensions: extensions)
            : TypedResults.Ok(existing);
    }

    private static async Task<Ok<ApiPage<ApiCustomer>>> FindAsync(
        [AsParameters] ApiCaller caller, ICustomerService customers, IIntegrationQueries queries, CancellationToken cancellationToken, string? phone = null, string? email = null, string? dmsId = null)
    {
        var query = new[] { phone, email, dmsId }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? throw new ValidationException("phone", "Give phone, email or dmsId.");
        var found = await customers.SearchAsync(caller.Scope, query, 1, 50, cancellationToken);
        // The search decides who the key may see; the records are read in one go, each as the key may see it.
        var details = (await queries.CustomersAsync(caller.Scope, [.. found.Items.Select(i => i.Id)], cancellationToken)).Select(ApiCustomer.From).ToList();

        return TypedResults.Ok(new ApiPage<ApiCustomer>(details, 1, 50, found.TotalCount));
    }

    private static async Task<Results<Ok<ApiCustomer>, ProblemHttpResult>> GetAsync(Guid customerId, [AsParameters] ApiCaller caller, ICustomerService customers, CancellationToken cancellationToken) =>
        ApiAnswers.Found(await customers.GetAsync(caller.Scope, customerId, cancellationToken), detail => ApiCustomer.From(detail.Customer), "customer", ForbiddenCustomer);

    private static async Task<Results<Ok<ApiCustomer>, ProblemHttpResult>> UpdateAsync(
        Guid customerId, ApiCustomerInput request, [AsParameters] ApiCaller caller, ICustomerService customers, CancellationToken cancellationToken)
    {
        var found = await customers.GetAsync(caller.Scope, customerId, cancellationToken);
        if (found is not { Outcome: AccessOutcome.Found, Value: { } detail })
        {
            return ApiAnswers.Found(found, d => ApiCustomer.From(d.Customer), "customer", ForbiddenCustomer);
        }

        await customers.UpdateAsync(caller.Scope, customerId, Validated(request.ToInput(detail.Customer)), cancellationToken);
        return await GetAsync(customerId, caller, customers, cancellationToken);
    }

    private static async Task<Results<Ok<ApiCustomer>, ProblemHttpResult>> RecordConsentAsync(
        Guid customerId, ApiConsentChange request, [AsParameters] ApiCaller caller, IConsentRecorder consent, ICustomerService customers, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ConsentStatus>(request.Status, ignoreCase: true, out var status))
        {
            throw new ValidationException("status", "Give OptedIn or OptedOut.");
        }

        await consent.RecordAsync(caller.Scope, customerId, status, request.Reason, caller.Actor, cancellationToken);
        return await GetAsync(customerId, caller, customers, cancellationToken);
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
}
