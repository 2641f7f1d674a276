using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Portal.Core.Abstractions;

namespace Portal.Web.Realtime;

/// <summary>
/// Live conversation events for clients outside the Blazor circuit (other apps, scripts, a future mobile client).
/// A connection joins only the groups of its user's departments; admins join the group that sees every department.
/// When the user's access changes, <see cref="HubAccessSync"/> moves or closes the connection.
/// Blazor pages do not connect here: they subscribe to the in-process notifier.
/// </summary>
[Authorize(AuthenticationSchemes = $"{Cookies},{Api.ApiKeyAuthenticationHandler.SchemeName}")]
public sealed class ConversationsHub(IDepartmentScopeProvider scopes, HubConnectionRegistry connections) : Hub
{
    public const string Path = "/hubs/conversations";
    public const string AllDepartmentsGroup = "departments:all";
    private const string Cookies = "Identity.Application";

    public static string GroupFor(Guid departmentId) => $"department:{departmentId}";

    public static IReadOnlySet<string> GroupsFor(DepartmentScope scope) =>
        scope.AllDepartments ? new HashSet<string> { AllDepartmentsGroup } : scope.DepartmentIds.Select(GroupFor).ToHashSet();

    public override async Task OnConnectedAsync()
    {
        var scope = await ScopeAsync(Context.ConnectionAborted);
        var groups = GroupsFor(scope);
        foreach (var group in groups)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }

        connections.Add(OwnerOf(scope), Context, groups);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var scope = await ScopeAsync(CancellationToken.None);
        connections.Remove(OwnerOf(scope), Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Whose access the connection follows: the signed-in user, or the integration's key (revoking it closes the connection).</summary>
    private Guid OwnerOf(DepartmentScope scope) =>
        Guid.TryParse(Api.ApiKeyAuthenticationHandler.KeyOf(Context.User!), out var keyId) ? keyId : scope.UserId;

    /// <summary>A signed-in user's departments, or those of an integration's key (<c>access_token</c> or a bearer header).</summary>
    private Task<DepartmentScope> ScopeAsync(CancellationToken cancellationToken) =>
        Context.User!.HasClaim(c => c.Type == Api.ApiKeyAuthenticationHandler.KeyClaim)
            ? Task.FromResult(Api.ApiKeyAuthenticationHandler.ScopeOf(Context.User!))
            : scopes.GetScopeAsync(Context.User!, cancellationToken);
}
