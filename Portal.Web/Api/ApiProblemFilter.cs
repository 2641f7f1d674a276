
namespace Portal.Web.Api;

/// <summary>The use cases' exceptions as RFC 7807 problem details: 422 with field errors, 403, 404, 409.</summary>
internal sealed class ApiProblemFilter : IEndpointFilter
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
                e.Errors.ToDictionary(f => ApiEndpoints.JsonField(f.Key), f => f.Value), statusCode: StatusCodes.Status422UnprocessableEntity, title: "The request has invalid fields");
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
