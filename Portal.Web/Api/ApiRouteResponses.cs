namespace Portal.Web.Api;

/// <summary>The answers the OpenAPI document lists for most routes, declared once.</summary>
internal static class ApiRouteResponses
{
    /// <summary>403 for a resource in a department the key may not use, 404 for one that does not exist.</summary>
    public static RouteHandlerBuilder ProducesForbiddenOrNotFound(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
