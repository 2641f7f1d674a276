using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Departments;

namespace Portal.Web.Api;

/// <summary>The departments a key may use.</summary>
internal static class DepartmentApi
{
    public static RouteGroupBuilder MapDepartmentApi(this RouteGroupBuilder api)
    {
        api.MapGet("/departments", ListAsync)
            .WithName("ListDepartments").WithSummary("The departments this key may use");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ApiDepartment>>> ListAsync([AsParameters] ApiCaller caller, IDepartmentAdministration departments, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApiDepartment> list = [.. (await departments.ListAsync(cancellationToken)).Where(d => caller.Scope.Allows(d.Id)).Select(ApiDepartment.From)];
        return TypedResults.Ok(list);
    }
}
