using Microsoft.EntityFrameworkCore;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Threads;

/// <summary>The one place read markers are written: a marker is added or moved forward, never back.</summary>
internal static class ReadStates
{
    /// <summary>Stages the marks on <paramref name="db"/> (one per user and thread, the latest wins); the caller saves.</summary>
    public static async Task StageAsync(PortalDbContext db, IReadOnlyCollection<(Guid UserId, Guid ThreadId, DateTime ReadAt)> marks, CancellationToken cancellationToken = default)
    {
        var latest = marks.GroupBy(m => (m.UserId, m.ThreadId)).Select(g => g.MaxBy(m => m.ReadAt)).ToList();
        var threadIds = latest.Select(m => m.ThreadId).Distinct().ToList();
        var userIds = latest.Select(m => m.UserId).Distinct().ToList();
        var existing = await db.ThreadReadStates
            .Where(r => threadIds.Contains(r.ThreadId) && userIds.Contains(r.UserId))
            .ToDictionaryAsync(r => (r.UserId, r.ThreadId), cancellationToken);
        foreach (var mark in latest)
        {
            if (existing.TryGetValue((mark.UserId, mark.ThreadId), out var state))
            {
                state.LastReadAt = state.LastReadAt > mark.ReadAt ? state.LastReadAt : mark.ReadAt;
            }
            else
            {
                db.ThreadReadStates.Add(new ThreadReadState { ThreadId = mark.ThreadId, UserId = mark.UserId, LastReadAt = mark.ReadAt });
            }
        }
    }
}
