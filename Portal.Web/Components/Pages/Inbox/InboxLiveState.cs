using Portal.Core.Realtime;
using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

/// <summary>What live events left an open inbox unsure of: read again once the burst is over.</summary>
public readonly record struct InboxStale(bool Thread, bool List, bool Counts)
{
    public bool Any => Thread || List || Counts;
}

/// <summary>
/// The live-update rules of an open inbox page, apart from rendering: which events are its own to apply, the open
/// conversation and the department counts patched from each one, and what they could not patch, read again once per
/// burst. The page renders; this decides.
/// </summary>
/// <param name="origin">The page, as the origin of its user's changes: it shows them at once, so their events are skipped.</param>
public sealed class InboxLiveState(Guid origin)
{
    private InboxStale stale;
    private bool refreshScheduled;

    public Guid Origin => origin;

    /// <summary>
    /// An event this page applies: one of its user's departments, not its own change, not a campaign's progress, and a
    /// read only when its own user read (in another tab or on another device).
    /// </summary>
    public bool Concerns(ConversationEvent e, DepartmentScope? scope) =>
        scope is not null && scope.Allows(e.DepartmentId) && e.Origin != origin && e.Kind != ConversationEventKind.CampaignProgress
        && (e.Kind != ConversationEventKind.ReadByUser || e.UserId == scope.UserId);

    /// <summary>The user read a conversation elsewhere: which rows are bold, and the counts, are read again.</summary>
    public void ReadElsewhere() => stale = stale with { List = true, Counts = true };

    public static bool IsAbout(ConversationEvent e, ThreadDetail? open) => open is not null && e.ThreadId == open.Thread.Id;

    /// <summary>The open conversation after <paramref name="e"/>; <paramref name="changed"/> when what it shows is different. One it cannot patch is read again.</summary>
    public ThreadDetail PatchThread(ThreadDetail open, ConversationEvent e, out bool changed)
    {
        var patched = InboxPatches.ApplyToThread(open, e);
        stale = stale with { Thread = stale.Thread || patched is null };
        changed = patched is not null && !ReferenceEquals(patched, open);
        return patched ?? open;
    }

    /// <summary>
    /// The department counts after what the list made of <paramref name="e"/> (<paramref name="change"/>, null when the
    /// list could not tell); a list or counts it could not patch exactly are read again.
    /// </summary>
    public IReadOnlyList<DepartmentInboxCount> PatchCounts(IReadOnlyList<DepartmentInboxCount> counts, InboxPatches.ListChange? change, ConversationEvent e, out bool changed)
    {
        var patched = change is null ? null : InboxPatches.ApplyToCounts(counts, change, e);
        stale = stale with { List = stale.List || change is not { Exact: true }, Counts = stale.Counts || patched is null };
        changed = patched is not null && !patched.SequenceEqual(counts);
        return changed ? patched! : counts;
    }

    /// <summary>True once for a burst of events that left something unsure: the page schedules one re-read.</summary>
    public bool ShouldScheduleRefresh()
    {
        if (!stale.Any || refreshScheduled)
        {
            return false;
        }

        refreshScheduled = true;
        return true;
    }

    /// <summary>What to read again now; the next unsure event starts a new burst.</summary>
    public InboxStale TakeStale()
    {
        var taken = stale;
        (stale, refreshScheduled) = (default, false);
        return taken;
    }
}
