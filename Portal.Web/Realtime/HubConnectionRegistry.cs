using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Portal.Web.Realtime;

/// <summary>This instance's hub connections by user, with the groups each joined, so a change of access can reach them.</summary>
public sealed class HubConnectionRegistry
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, Connection>> byUser = new();

    public void Add(Guid userId, HubCallerContext context, IReadOnlySet<string> groups) =>
        byUser.GetOrAdd(userId, _ => new())[context.ConnectionId] = new Connection(context, groups);

    public void Remove(Guid userId, string connectionId)
    {
        if (byUser.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    public int Count => byUser.Values.Sum(connections => connections.Count);

    public IReadOnlyList<Connection> Of(Guid userId) => byUser.TryGetValue(userId, out var connections) ? [.. connections.Values] : [];

    public void SetGroups(Guid userId, string connectionId, IReadOnlySet<string> groups)
    {
        if (byUser.TryGetValue(userId, out var connections) && connections.TryGetValue(connectionId, out var connection))
        {
            connections[connectionId] = connection with { Groups = groups };
        }
    }

    public sealed record Connection(HubCallerContext Context, IReadOnlySet<string> Groups);
}
