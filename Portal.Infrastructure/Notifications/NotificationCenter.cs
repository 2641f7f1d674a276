using Microsoft.EntityFrameworkCore;
using Portal.Core.Notifications;
using Portal.Core.Realtime;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Notifications;

internal sealed class NotificationCenter(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : INotificationCenter
{
    public async Task<IReadOnlyList<NotificationView>> ListAsync(Guid userId, int take = 30, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(Math.Clamp(take, 1, 100))
            .Select(n => new NotificationView(n.Id, n.Kind, n.ThreadId, n.Text, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);
    }

    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
    }

    public async Task MarkReadAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.Id == notificationId && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, now), cancellationToken);
    }

    public async Task MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, now), cancellationToken);
    }

    /// <summary>Adds one notification per user to <paramref name="db"/> (saved by the caller) and the events that announce them after the commit.</summary>
    public static List<ConversationEvent> Stage(PortalDbContext db, IEnumerable<Guid> userIds, NotificationKind kind, Guid departmentId, Guid threadId, string text)
    {
        var clipped = text.Length <= Notification.MaxTextLength ? text : text[..(Notification.MaxTextLength - 1)] + "…";
        var events = new List<ConversationEvent>();
        foreach (var userId in userIds.Distinct())
        {
            db.Notifications.Add(new Notification { UserId = userId, Kind = kind, DepartmentId = departmentId, ThreadId = threadId, Text = clipped });
            events.Add(ConversationEvents.NotificationAdded(userId, departmentId, threadId, clipped));
        }

        return events;
    }
}
