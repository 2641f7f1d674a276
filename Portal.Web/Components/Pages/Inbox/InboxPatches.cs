using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;

namespace Portal.Web.Components.Pages.Inbox;

/// <summary>
/// What an open inbox derives from a live event without asking the database: the list's rows, the department counts
/// and the open thread. Each result says whether it is exact; where it is not (a row new to this list, a page past the
/// first, a search, an assignee whose name the event does not carry) the page shows what it could derive at once and
/// re-queries shortly after. This keeps the cost of one text flat however many inboxes are open.
/// </summary>
public static class InboxPatches
{
    /// <param name="Removed">A row this change took off the list; the caller keeps it as <c>departed</c> for later events.</param>
    public sealed record ListChange(PagedResult<ThreadListItem> Result, bool Exact, ThreadListItem? Before, int? UnreadAfter, ThreadListItem? Removed = null);

    /// <param name="departed">Rows earlier patches took off this list (closed, reassigned…), so their state is still known.</param>
    public static ListChange ApplyToList(
        PagedResult<ThreadListItem> result, InboxFilter filter, Guid userId, ConversationEvent e, bool viewing,
        IReadOnlyList<DepartmentInboxCount> departments, IReadOnlyDictionary<Guid, ThreadListItem>? departed = null)
    {
        if (e.Thread is not { } thread)
        {
            // A delivery status: the list shows none.
            return new ListChange(result, true, null, null);
        }

        if (e.Change == ThreadChange.Labeled)
        {
            // The event does not carry labels: the list reads them again.
            return new ListChange(result, false, null, null);
        }

        var items = result.Items.ToList();
        var index = items.FindIndex(i => i.Id == thread.Id);
        var before = index >= 0 ? items[index] : departed?.GetValueOrDefault(thread.Id);
        var unread = UnreadAfter(before, e, viewing);
        var matches = Matches(filter, userId, thread, before, unread);

        if (matches == false)
        {
            if (index < 0)
            {
                var gone = before is null ? null : Patch(before, thread, e.Message, unread, departments, out _);
                return new ListChange(result, true, before, unread, gone);
            }

            items.RemoveAt(index);
            // A row from the next page would move up into this one.
            var exact = result.TotalCount <= result.Items.Count;
            var removed = Patch(before!, thread, e.Message, unread, departments, out _);
            return new ListChange(result with { Items = items, TotalCount = result.TotalCount - 1 }, exact && result.Page == 1, before, unread, removed);
        }

        var row = Patch(before, thread, e.Message, unread, departments, out var rowExact);
        if (matches is null || result.Page > 1)
        {
            // Rows may move between pages, or this one may no longer match: patch in place, and re-query.
            if (index >= 0)
            {
                items[index] = row;
            }

            return new ListChange(result with { Items = items }, false, before, unread);
        }

        var total = result.TotalCount;
        if (index < 0)
        {
            total++;
        }
        else
        {
            items.RemoveAt(index);
        }

        var position = items.FindIndex(i => Newer(row, i));
        position = position < 0 ? items.Count : position;
        var listExact = rowExact;
        if (position < result.PageSize)
        {
            items.Insert(position, row);
            if (items.Count > result.PageSize)
            {
                items.RemoveAt(items.Count - 1);
            }
        }
        else if (index >= 0)
        {
            listExact = false;
        }

        if (position == items.Count - 1 && index >= 0 && result.TotalCount > result.Items.Count)
        {
            // It moved to the end of a full page: a row of the next page may sort before it.
            listExact = false;
        }

        return new ListChange(result with { Items = items, TotalCount = total }, listExact, before, unread);
    }

    /// <summary>The department counts after the change, or null when the thread's earlier state is not known here.</summary>
    public static IReadOnlyList<DepartmentInboxCount>? ApplyToCounts(IReadOnlyList<DepartmentInboxCount> counts, ListChange change, ConversationEvent e)
    {
        if (e.Thread is not { } thread)
        {
            return counts;
        }

        if (change.Before is not { } before || change.UnreadAfter is not { } unreadAfter || counts.All(c => c.DepartmentId != thread.DepartmentId))
        {
            return null;
        }

        var wasOpen = before.Status != ThreadStatus.Closed;
        var isOpen = thread.Status != ThreadStatus.Closed;
        var wasUnread = wasOpen && before.UnreadCount > 0;
        var isUnread = isOpen && unreadAfter > 0;
        return [.. counts.Select(c => c.DepartmentId != thread.DepartmentId ? c : c with
        {
            OpenThreads = c.OpenThreads + (isOpen ? 1 : 0) - (wasOpen ? 1 : 0),
            UnreadThreads = c.UnreadThreads + (isUnread ? 1 : 0) - (wasUnread ? 1 : 0),
            OverdueThreads = Math.Max(0, c.OverdueThreads + (thread.Overdue ? 1 : 0) - (before.Overdue ? 1 : 0)),
        })];
    }

    /// <summary>The open thread with the event's message in it, or null when the change needs the thread read again.</summary>
    public static ThreadDetail? ApplyToThread(ThreadDetail detail, ConversationEvent e)
    {
        if (e.Thread is { } thread
            && (thread.Status != detail.Thread.Status || thread.AssigneeId != detail.Thread.AssigneeId
                || thread.SnoozedUntil != detail.Thread.SnoozedUntil || thread.Customer.OptedOut != detail.Customer.IsOptedOut))
        {
            return null;
        }

        if (e.Message is not { } snapshot)
        {
            return detail;
        }

        var messages = detail.Messages.ToList();
        var index = messages.FindIndex(m => m.Id == snapshot.Id);
        var message = ToMessage(snapshot, index >= 0 ? messages[index] : null);
        if (index >= 0)
        {
            messages[index] = message;
        }
        else
        {
            var position = messages.FindLastIndex(m => m.OccurredAt <= message.OccurredAt);
            messages.Insert(position + 1, message);
        }

        return detail with { Messages = messages };
    }

    private static int? UnreadAfter(ThreadListItem? before, ConversationEvent e, bool viewing)
    {
        if (viewing)
        {
            return 0;
        }

        var inbound = e.Kind == ConversationEventKind.MessageAdded && e.Message?.Direction == MessageDirection.Inbound;
        return before is null ? null : before.UnreadCount + (inbound ? 1 : 0);
    }

    /// <summary>Whether the thread belongs in a list with this filter; null when only the database can tell.</summary>
    private static bool? Matches(InboxFilter filter, Guid userId, ThreadSnapshot thread, ThreadListItem? before, int? unread)
    {
        if ((filter.DepartmentId is { } department && department != thread.DepartmentId)
            || (filter.Status is { } status && status != thread.Status)
            || (filter.AssignedToMe && thread.AssigneeId != userId)
            || (filter.UnreadOnly && unread == 0)
            || (filter.OverdueOnly && !thread.Overdue))
        {
            return false;
        }

        // Labels and search are known to the database only (and a row already listed keeps its place).
        if ((filter.UnreadOnly && unread is null) || ((filter.Search is not null || filter.LabelId is not null) && before is null))
        {
            return null;
        }

        return true;
    }

    private static ThreadListItem Patch(ThreadListItem? before, ThreadSnapshot thread, MessageSnapshot? message, int? unread, IReadOnlyList<DepartmentInboxCount> departments, out bool exact)
    {
        var lastAuthor = message is { Kind: MessageKind.Text, Direction: MessageDirection.Outbound } ? message.AuthorName : before?.LastAuthorName;
        if (before is not null)
        {
            var sameAssignee = before.AssigneeId == thread.AssigneeId;
            exact = sameAssignee;
            return before with
            {
                Preview = thread.LastMessagePreview,
                LastDirection = thread.LastMessageDirection ?? before.LastDirection,
                LastActivityAt = thread.LastActivityAt,
                Status = thread.Status,
                AssigneeId = thread.AssigneeId,
                AssigneeName = sameAssignee ? before.AssigneeName : null,
                UnreadCount = unread ?? before.UnreadCount,
                CustomerOptedOut = thread.Customer.OptedOut,
                LastAuthorName = lastAuthor,
                Overdue = thread.Overdue,
            };
        }

        // New to this list: shown at once, with the figures only the database knows filled in by the re-query.
        exact = false;
        var department = departments.FirstOrDefault(d => d.DepartmentId == thread.DepartmentId);
        return new ThreadListItem(
            thread.Id, thread.DepartmentId, department?.Name ?? "", department?.TimeZoneId ?? "UTC", thread.Customer.Id, thread.Customer.Name,
            thread.Customer.Phone, thread.LastMessagePreview, thread.LastMessageDirection, thread.LastActivityAt, thread.Status, thread.AssigneeId,
            null, unread ?? (message?.Direction == MessageDirection.Inbound ? 1 : 0), thread.Customer.OptedOut, null, lastAuthor, thread.Overdue);
    }

    private static bool Newer(ThreadListItem row, ThreadListItem other) =>
        row.LastActivityAt > other.LastActivityAt || (row.LastActivityAt == other.LastActivityAt && row.Id.CompareTo(other.Id) < 0);

    private static Message ToMessage(MessageSnapshot snapshot, Message? known)
    {
        var message = Message.Create(snapshot.ThreadId, snapshot.Direction, snapshot.Kind, snapshot.Body, snapshot.Status, snapshot.OccurredAt);
        message.Id = snapshot.Id;
        message.AuthorName = snapshot.AuthorName;
        message.AuthorType = snapshot.AuthorType;
        message.AuthorUserId = snapshot.AuthorUserId;
        message.FailureReason = snapshot.FailureReason;
        message.FailureDetail = snapshot.FailureDetail;
        message.SendAt = snapshot.SendAt;
        message.Attachments = [.. snapshot.Attachments];
        if (known is not null)
        {
            message.IdempotencyKey = known.IdempotencyKey;
            message.TemplateId = known.TemplateId;
            message.CampaignId = known.CampaignId;
            message.CreatedAt = known.CreatedAt;
        }

        return message;
    }
}
