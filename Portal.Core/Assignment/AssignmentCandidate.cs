namespace Portal.Core.Assignment;

/// <summary>A department member as assignment sees them at one moment.</summary>
/// <param name="OpenConversations">Their conversations in the department that are not closed (snoozed ones count).</param>
/// <param name="Capacity">The most open conversations assignment gives them; null is no limit, 0 is none.</param>
/// <param name="IsAvailable">Signed in somewhere (a live session), not away and not locked out.</param>
public sealed record AssignmentCandidate(Guid UserId, string Name, int OpenConversations, int? Capacity, bool IsAvailable)
{
    public bool HasRoom => Capacity is not { } limit || OpenConversations < limit;

    public bool CanTakeMore => IsAvailable && HasRoom;
}
