namespace Portal.Core.Assignment;

/// <summary>Chooses who gets the next conversation; pure, so every rule is tested without a database.</summary>
public static class AssignmentPicker
{
    /// <summary>
    /// The member who should get the next conversation, or null when nobody can take one (everyone away, offline or full).
    /// <paramref name="candidates"/> are in the department's fixed order (by name); the turn starts after
    /// <paramref name="lastAssigned"/>, so round-robin cycles and least-loaded ties cycle too.
    /// </summary>
    public static AssignmentCandidate? Pick(AssignmentMode mode, IReadOnlyList<AssignmentCandidate> candidates, Guid? lastAssigned)
    {
        if (mode == AssignmentMode.Off || candidates.Count == 0)
        {
            return null;
        }

        var inTurn = InTurn(candidates, lastAssigned).Where(c => c.CanTakeMore).ToList();
        if (inTurn.Count == 0)
        {
            return null;
        }

        return mode switch
        {
            AssignmentMode.RoundRobin => inTurn[0],
            AssignmentMode.LeastLoaded => inTurn.MinBy(c => c.OpenConversations),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
    }

    /// <summary>Why nobody could be picked, in words a manager acts on.</summary>
    public static string WhyNobody(IReadOnlyList<AssignmentCandidate> candidates) =>
        candidates.Count == 0 ? "the department has no members"
        : !candidates.Any(c => c.IsAvailable) ? "nobody in the department is available (signed in and not away)"
        : "everyone available is at their capacity";

    private static IEnumerable<AssignmentCandidate> InTurn(IReadOnlyList<AssignmentCandidate> candidates, Guid? lastAssigned)
    {
        var last = lastAssigned is { } id ? IndexOf(candidates, id) : -1;
        for (var i = 1; i <= candidates.Count; i++)
        {
            yield return candidates[(last + i + candidates.Count) % candidates.Count];
        }
    }

    private static int IndexOf(IReadOnlyList<AssignmentCandidate> candidates, Guid userId)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].UserId == userId)
            {
                return i;
            }
        }

        return -1;
    }
}
