using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Assignment;
using Portal.Core.Escalation;
using Portal.Core.Messages;
using Portal.Core.Notifications;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Jobs;
using Portal.Infrastructure.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Escalation;

/// <summary>
/// Every minute: each customer's text that has waited past its department's limit (in business minutes) is escalated
/// one level, once, whichever instance runs it: the assignee (everyone in the department when nobody has it) is told,
/// then the department's managers, who may also see it handed to the next available member.
/// </summary>
internal sealed class UnansweredEscalation(
    IDbContextFactory<PortalDbContext> dbFactory,
    IConversationNotifier notifier,
    IConversationAssigner assigner,
    TimeProvider clock,
    ILogger<UnansweredEscalation> logger) : IRecurringWork
{
    public string Name => "escalate-unanswered-texts";

    public async Task RunOnceAsync(CancellationToken cancellationToken) => await EscalateDueAsync(cancellationToken);

    /// <summary>Escalates what is due now; returns how many levels were reached.</summary>
    public async Task<int> EscalateDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = (await db.Departments.AsNoTracking().ToListAsync(cancellationToken))
            .Where(d => d.Escalation.IsOn)
            .ToDictionary(d => d.Id);
        if (departments.Count == 0)
        {
            return 0;
        }

        var ids = departments.Keys.ToList();
        var waiting = await db.Threads.AsNoTracking()
            .Where(t => t.Status == ThreadStatus.Open && t.AwaitingReplySince != null && t.EscalationLevel < 2 && ids.Contains(t.DepartmentId))
            .Select(t => new { t.Id, t.DepartmentId, t.EscalationLevel, Since = t.AwaitingReplySince!.Value })
            .ToListAsync(cancellationToken);

        var reached = 0;
        foreach (var thread in waiting)
        {
            var department = departments[thread.DepartmentId];
            for (var level = thread.EscalationLevel + 1; level <= 2; level++)
            {
                if (department.Escalation.DueAt(level, thread.Since, department.SendingHours, department.TimeZone) is not { } due || due > now)
                {
                    break;
                }

                if (!await EscalateAsync(thread.Id, level, thread.Since, department.Name, department.Escalation, due, cancellationToken))
                {
                    break;
                }

                reached++;
            }
        }

        return reached;
    }

    private async Task<bool> EscalateAsync(Guid threadId, int level, DateTime since, string departmentName, EscalationRules rules, DateTime dueAt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only from the level read, and only for the same wait: another instance, or an answer meanwhile, wins.
        var claimed = await db.Threads
            .Where(t => t.Id == threadId && t.EscalationLevel == level - 1 && t.AwaitingReplySince == since && t.Status == ThreadStatus.Open)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.EscalationLevel, level), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var thread = await db.Threads.Include(t => t.Customer).FirstAsync(t => t.Id == threadId, cancellationToken);
        var customer = thread.Customer!.DisplayName;
        var minutes = level == 1 ? rules.NotifyAssigneeAfter!.Value : rules.NotifyAssigneeAfter!.Value + rules.NotifyManagersAfter!.Value;
        var assigneeName = thread.AssigneeId is { } a ? await db.Users.Where(u => u.Id == a).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) : null;
        List<Guid> recipients;
        string text;
        if (level == 1)
        {
            recipients = thread.AssigneeId is { } assignee ? [assignee] : await MembersAsync(db, thread.DepartmentId, managersOnly: false, cancellationToken);
            text = $"{customer} has waited {Describe(minutes)} for an answer in {departmentName}";
        }
        else
        {
            recipients = await MembersAsync(db, thread.DepartmentId, managersOnly: true, cancellationToken);
            text = $"{customer} has waited {Describe(minutes)} for an answer in {departmentName}" + (assigneeName is null ? " (unassigned)" : $" ({assigneeName}'s)");
        }

        var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent,
            level == 1 ? $"Overdue: no answer for {Describe(minutes)}; {(assigneeName ?? "the department")} was told"
                : $"Still no answer after {Describe(minutes)}; the managers were told", MessageStatus.Received, clock.GetUtcNow().UtcDateTime);
        line.AuthorType = AuthorType.System;
        line.AuthorName = "Escalation";
        db.Messages.Add(line);
        Audit.AuditLog.Record(db, Core.Audit.AuditAction.Escalated, new Core.Common.Actor(Guid.Empty, "Escalation"),
            $"{line.Body} ({customer}); told {recipients.Count}", line.OccurredAt, thread.DepartmentId, thread.Id);
        var announcements = NotificationCenter.Stage(db, recipients, level == 1 ? NotificationKind.Overdue : NotificationKind.OverdueForManagers, thread.DepartmentId, thread.Id, text);
        var reassign = level == 2 && rules.ReassignWithManagers && thread.AssigneeId is not null;
        if (reassign)
        {
            thread.AssigneeId = null;
            thread.AwaitsAssignment = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Thread {ThreadId} escalated to level {Level} ({Recipients} told), due {DueAt:o}", thread.Id, level, recipients.Count, dueAt);

        await notifier.PublishAsync(ConversationEvents.MessageAdded(line, thread, thread.Customer), CancellationToken.None);
        await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, thread.Customer, change: reassign ? ThreadChange.Unassigned : null), CancellationToken.None);
        foreach (var announcement in announcements)
        {
            await notifier.PublishAsync(announcement, CancellationToken.None);
        }

        if (reassign)
        {
            await assigner.AssignAsync(thread.Id, CancellationToken.None);
        }

        return true;
    }

    private static async Task<List<Guid>> MembersAsync(PortalDbContext db, Guid departmentId, bool managersOnly, CancellationToken cancellationToken)
    {
        var members = db.DepartmentMembers.Where(m => m.DepartmentId == departmentId).Select(m => m.UserId);
        if (managersOnly)
        {
            var managers = db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Manager), ur => ur.RoleId, r => r.Id, (ur, r) => ur.UserId);
            members = members.Where(id => managers.Contains(id));
        }

        return await members.ToListAsync(cancellationToken);
    }

    private static string Describe(int minutes) => minutes switch
    {
        < 60 => $"{minutes} business minute{(minutes == 1 ? "" : "s")}",
        _ when minutes % 60 == 0 => $"{minutes / 60} business hour{(minutes == 60 ? "" : "s")}",
        _ => $"{minutes / 60} h {minutes % 60} min of business time",
    };
}
