namespace Portal.Core.Assignment;

/// <summary>Who has a live session (an open portal page) right now, on any instance.</summary>
public interface IUserPresence
{
    Task<IReadOnlySet<Guid>> OnlineAmongAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default);
}
