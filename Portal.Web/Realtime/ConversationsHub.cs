using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Portal.Core.Abstractions;

namespace Portal.Web.Realtime;

/// <summary>
/// Live conversation events for clients outside the Blazor circuit (other apps, scripts, a future mobile client).
/// A connection joins only the groups of its user's departments; admins join the group that sees every department.
/// Blazor pages do not connect here: they subscribe to the in-process notifier.
/// </summary>
[Authorize]
public sealed class ConversationsHub(IDepartmentScopeProvider scopes) : Hub
{
    public const string Path = "/hubs/conversations";
    public const string AllDepartmentsGroup = "departments:all";

    public static string GroupFor(Guid departmentId) => $"department:{departmentId}";

    public override async Task OnConnectedAsync()
    {
        var scope = await scopes.GetScopeAsync(Context.User!, Context.ConnectionAborted);
        if (scope.AllDepartments)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AllDepartmentsGroup, Context.ConnectionAborted);
        }

        foreach (var departmentId in scope.DepartmentIds)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, GroupFor(departmentId), Context.ConnectionAborted);
        }

        await base.OnConnectedAsync();
    }
}
