namespace Portal.Core.Threads;

/// <summary>How far a user has read a thread; unread = inbound messages after <see cref="LastReadAt"/>.</summary>
public class ThreadReadState
{
    public Guid ThreadId { get; set; }
    public Guid UserId { get; set; }
    public DateTime LastReadAt { get; set; }
}
