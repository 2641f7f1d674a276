using Portal.Core.Assignment;

namespace Portal.Tests.Core;

public class AssignmentPickerTests
{
    private static readonly Guid Ana = Guid.NewGuid(), Ben = Guid.NewGuid(), Cy = Guid.NewGuid();

    private static AssignmentCandidate C(Guid id, int open = 0, int? capacity = null, bool available = true) =>
        new(id, id == Ana ? "Ana" : id == Ben ? "Ben" : "Cy", open, capacity, available);

    [Fact]
    public void Round_robin_starts_after_the_last_assignee_and_wraps()
    {
        AssignmentCandidate[] team = [C(Ana), C(Ben), C(Cy)];

        Assert.Equal(Ana, AssignmentPicker.Pick(AssignmentMode.RoundRobin, team, null)!.UserId);
        Assert.Equal(Ben, AssignmentPicker.Pick(AssignmentMode.RoundRobin, team, Ana)!.UserId);
        Assert.Equal(Cy, AssignmentPicker.Pick(AssignmentMode.RoundRobin, team, Ben)!.UserId);
        Assert.Equal(Ana, AssignmentPicker.Pick(AssignmentMode.RoundRobin, team, Cy)!.UserId);
        // Someone who left the department: the turn starts from the top.
        Assert.Equal(Ana, AssignmentPicker.Pick(AssignmentMode.RoundRobin, team, Guid.NewGuid())!.UserId);
    }

    [Fact]
    public void Round_robin_skips_whoever_is_away_offline_or_full_without_losing_the_order()
    {
        AssignmentCandidate[] team = [C(Ana), C(Ben, available: false), C(Cy, open: 3, capacity: 3)];

        Assert.Equal(Ana, AssignmentPicker.Pick(AssignmentMode.RoundRobin, team, Ana)!.UserId);
        Assert.Equal(Ana, AssignmentPicker.Pick(AssignmentMode.RoundRobin, team, null)!.UserId);
    }

    [Fact]
    public void Least_loaded_picks_the_fewest_open_and_breaks_ties_in_turn()
    {
        AssignmentCandidate[] team = [C(Ana, open: 2), C(Ben, open: 1), C(Cy, open: 1)];

        Assert.Equal(Ben, AssignmentPicker.Pick(AssignmentMode.LeastLoaded, team, null)!.UserId);
        Assert.Equal(Cy, AssignmentPicker.Pick(AssignmentMode.LeastLoaded, team, Ben)!.UserId);
        Assert.Equal(Ben, AssignmentPicker.Pick(AssignmentMode.LeastLoaded, team, Cy)!.UserId);
    }

    [Fact]
    public void Least_loaded_ignores_a_lighter_member_who_cannot_take_more()
    {
        AssignmentCandidate[] team = [C(Ana, open: 0, available: false), C(Ben, open: 5), C(Cy, open: 0, capacity: 0)];

        Assert.Equal(Ben, AssignmentPicker.Pick(AssignmentMode.LeastLoaded, team, null)!.UserId);
    }

    [Theory]
    [InlineData(AssignmentMode.RoundRobin)]
    [InlineData(AssignmentMode.LeastLoaded)]
    public void Nobody_is_picked_when_nobody_can_take_one_and_the_reason_says_why(AssignmentMode mode)
    {
        Assert.Null(AssignmentPicker.Pick(mode, [], null));
        Assert.Equal("the department has no members", AssignmentPicker.WhyNobody([]));

        AssignmentCandidate[] away = [C(Ana, available: false), C(Ben, available: false)];
        Assert.Null(AssignmentPicker.Pick(mode, away, null));
        Assert.Contains("nobody in the department is available", AssignmentPicker.WhyNobody(away));

        AssignmentCandidate[] full = [C(Ana, open: 4, capacity: 4), C(Ben, capacity: 0)];
        Assert.Null(AssignmentPicker.Pick(mode, full, null));
        Assert.Equal("everyone available is at their capacity", AssignmentPicker.WhyNobody(full));
    }

    [Fact]
    public void Off_never_picks()
    {
        Assert.Null(AssignmentPicker.Pick(AssignmentMode.Off, [C(Ana)], null));
    }

    [Theory]
    [InlineData(0, null, true)]
    [InlineData(9, null, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 3, false)]
    [InlineData(4, 3, false)]
    [InlineData(0, 0, false)]
    public void Room_is_below_the_capacity_and_no_capacity_is_no_limit(int open, int? capacity, bool hasRoom)
    {
        Assert.Equal(hasRoom, C(Ana, open, capacity).HasRoom);
        Assert.False(C(Ana, open, capacity, available: false).CanTakeMore);
    }
}
