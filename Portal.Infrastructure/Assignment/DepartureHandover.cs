using Microsoft.EntityFrameworkCore;
using Portal.Core.Assignment;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Assignment;

/// <summary>
/// A member who leaves a department gives back its conversations they had open: unassigned, with a line saying why,
/// and waiting for the next available member where the department assigns automatically.
/// </summary>
internal static class DepartureHandover
{
    public static async Task<List<ConversationEvent>> StageAsync(
        PortalDbContext db, Guid userId, string userName, IReadOnlyCollection<Guid> leftDepartmentIds, DateTime now, CancellationToken cancellationToken)
    {
        if (leftDepartmentIds.Count == 0)
        {
            return [];
        }

        var threads = await db.Threads.Include(t => t.Customer).Include(t => t.Department)
            .Where(t => t.AssigneeId == userId && leftDepartmentIds.Contains(t.DepartmentId) && t.Status != ThreadStatus.Closed)
            .ToListAsync(cancellationToken);
        var events = new List<ConversationEvent>();
        foreach (var thread in threads)
        {
            var automatic = thread.Department!.AssignmentMode != AssignmentMode.Off;
            thread.AssigneeId = null;
            thread.AwaitsAssignment = automatic;
            var text = $"{userName} is no longer in {thread.Department.Name}, so this conversation is unassigned"
                + (automatic ? " and goes to the next available member" : "");
            var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, text, MessageStatus.Received, now);
            line.AuthorType = AuthorType.System;
            db.Messages.Add(line);
            Audit.AuditLog.Record(db, Core.Audit.AuditAction.Unassigned, null, $"{text} ({thread.Customer!.DisplayName})", now, thread.DepartmentId, thread.Id);
            events.Add(ConversationEvents.MessageAdded(line, thread, thread.Customer!));
            events.Add(ConversationEvents.ThreadUpdated(thread, thread.Customer!, change: ThreadChange.Unassigned));
        }

        return events;
    }
}
