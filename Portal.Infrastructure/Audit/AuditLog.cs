using Portal.Core.Audit;
using Portal.Core.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>Adds an entry to the caller's unit of work, so it is saved with the change it describes, or not at all.</summary>
internal static class AuditLog
{
    public static AuditEntry Record(PortalDbContext db, AuditAction action, Actor? actor, string summary, DateTime at, Guid? departmentId = null, Guid? threadId = null)
    {
        var entry = new AuditEntry
        {
            At = at,
            Action = action,
            ActorUserId = actor is { UserId: var id } && id != Guid.Empty ? id : null,
            ActorName = actor?.Name ?? "Portal",
            DepartmentId = departmentId,
            ThreadId = threadId,
            Summary = summary.Length <= AuditEntry.MaxSummaryLength ? summary : summary[..(AuditEntry.MaxSummaryLength - 1)] + "…",
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
