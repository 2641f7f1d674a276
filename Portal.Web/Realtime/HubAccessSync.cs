using Microsoft.AspNetCore.SignalR;
using Portal.Core.Abstractions;
using Portal.Core.Realtime;

namespace Portal.Web.Realtime;

/// <summary>
/// When a user's access changes (a department removed, a role changed, the account locked), their hub connections on
/// this instance leave the groups they may no longer see, join new ones, or are closed. Every instance hears the change
/// (through the Redis relay when scaled out) and fixes the connections it holds.
/// </summary>
public sealed class HubAccessSync(
    IConversationEventSource events,
    HubConnectionRegistry connections,
    IHubContext<ConversationsHub> hub,
    IDepartmentScopeProvider scopes,
    ILogger<HubAccessSync> logger) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = events.Subscribe(e => e.Kind == ConversationEventKind.AccessChanged && e.UserId is { } userId ? ApplyAsync(userId) : Task.CompletedTask);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    public async Task ApplyAsync(Guid userId)
    {
        var held = connections.Of(userId);
        if (held.Count == 0)
        {
            return;
        }

        var scope = await scopes.GetScopeForUserAsync(userId);
        var wanted = ConversationsHub.GroupsFor(scope);
        foreach (var connection in held)
        {
            if (wanted.Count == 0)
            {
                logger.LogInformation("Closing hub connection {ConnectionId} of user {UserId}: no access left", connection.Context.ConnectionId, userId);
                connection.Context.Abort();
                continue;
            }

            foreach (var group in connection.Groups.Except(wanted))
            {
                await hub.Groups.RemoveFromGroupAsync(connection.Context.ConnectionId, group);
            }

            foreach (var group in wanted.Except(connection.Groups))
            {
                await hub.Groups.AddToGroupAsync(connection.Context.ConnectionId, group);
            }

            connections.SetGroups(userId, connection.Context.ConnectionId, wanted);
        }
    }
}
