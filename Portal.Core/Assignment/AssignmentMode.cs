namespace Portal.Core.Assignment;

/// <summary>How a department hands new conversations to its people.</summary>
public enum AssignmentMode
{
    /// <summary>Nobody is given a conversation; staff take them.</summary>
    Off,

    /// <summary>Each available member in turn.</summary>
    RoundRobin,

    /// <summary>The available member with the fewest open conversations; ties go in turn.</summary>
    LeastLoaded,
}
