using Portal.Core.Common;

namespace Portal.Core.Notifications;

public enum NotificationKind
{
    /// <summary>A customer's text in the user's conversation has waited past the department's limit.</summary>
    Overdue,

    /// <summary>A customer's text in the manager's department has waited past the managers' limit.</summary>
    OverdueForManagers,

    /// <summary>A colleague @mentioned the user in a note.</summary>
    Mention,
}

/// <summary>Something for one user to look at, kept until they open it (the bell in the app bar).</summary>
public class Notification : Entity
{
    public Guid UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public Guid? DepartmentId { get; set; }
    public Guid? ThreadId { get; set; }
    public required string Text { get; set; }
    public DateTime? ReadAt { get; set; }

    public const int MaxTextLength = 300;
}

public sealed record NotificationView(Guid Id, NotificationKind Kind, Guid? ThreadId, string Text, DateTime CreatedAt, bool IsRead);

/// <summary>A user's notifications: listed newest first, counted while unread, read one by one or all at once.</summary>
public interface INotificationCenter
{
    Task<IReadOnlyList<NotificationView>> ListAsync(Guid userId, int take = 30, CancellationToken cancellationToken = default);

    Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default);

    Task MarkReadAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken = default);

    Task MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default);
}
