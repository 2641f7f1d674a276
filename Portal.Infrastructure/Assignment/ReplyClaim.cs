using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Assignment;

/// <summary>Replying to an unassigned conversation makes it the replier's, so the next person sees it is taken.</summary>
internal static class ReplyClaim
{
    /// <summary>
    /// Claims the thread for <paramref name="actor"/> when nobody has it and they are a member of its department; only one
    /// of two people replying at once gets it. Returns the line recorded in the thread, or null when nothing changed.
    /// </summary>
    public static async Task<Message?> TryAsync(PortalDbContext db, ConversationThread thread, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        if (thread.AssigneeId is not null || actor.UserId == Guid.Empty
            || !await db.DepartmentMembers.AnyAsync(m => m.DepartmentId == thread.DepartmentId && m.UserId == actor.UserId, cancellationToken))
        {
            return null;
        }

        var claimed = await db.Threads.Where(t => t.Id == thread.Id && t.AssigneeId == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, actor.UserId).SetProperty(x => x.AwaitsAssignment, false), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        // Already written by the claim above: the tracked thread learns it without saving it again.
        var entry = db.Entry(thread);
        entry.Property(t => t.AssigneeId).CurrentValue = entry.Property(t => t.AssigneeId).OriginalValue = actor.UserId;
        entry.Property(t => t.AwaitsAssignment).CurrentValue = entry.Property(t => t.AwaitsAssignment).OriginalValue = false;
        var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, $"{actor.Name} took this conversation by replying", MessageStatus.Received, now);
        line.AuthorType = AuthorType.User;
        line.AuthorUserId = actor.UserId;
        line.AuthorName = actor.Name;
        db.Messages.Add(line);
        Audit.AuditLog.Record(db, Core.Audit.AuditAction.ClaimedByReply, actor, $"{line.Body} ({thread.Customer?.DisplayName})", now, thread.DepartmentId, thread.Id);
        await db.SaveChangesAsync(cancellationToken);
        return line;
    }
}
