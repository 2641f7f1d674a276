using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Common;
using Portal.Core.Labels;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Infrastructure.Assignment;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Labels;

internal sealed class LabelService(IDbContextFactory<PortalDbContext> dbFactory, IConversationNotifier notifier, TimeProvider clock) : ILabelService
{
    public async Task<IReadOnlyList<LabelView>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = scope.DepartmentIds.ToList();
        return await db.Labels.AsNoTracking()
            .Where(l => scope.AllDepartments || departments.Contains(l.DepartmentId))
            .OrderBy(l => l.DepartmentId).ThenBy(l => l.Name)
            .Select(l => new LabelView(l.Id, l.DepartmentId, l.Name, l.Color))
            .ToListAsync(cancellationToken);
    }

    public async Task<Guid> SaveAsync(DepartmentScope scope, Guid departmentId, Guid? labelId, string name, string color, Actor actor, CancellationToken cancellationToken = default)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > Label.MaxNameLength)
        {
            throw new ValidationException("Name", $"A label needs a name of 1 to {Label.MaxNameLength} characters.");
        }

        if (!Label.Palette.Contains(color))
        {
            throw new ValidationException("Color", "Pick one of the colors offered.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!scope.Allows(departmentId) || !await TeamSettings.ManagesAsync(db, scope, cancellationToken))
        {
            throw new AccessDeniedException("Only a manager of this department can change its labels.");
        }

        if (await db.Labels.AnyAsync(l => l.DepartmentId == departmentId && l.Name == trimmed && l.Id != labelId, cancellationToken))
        {
            throw new ValidationException("Name", $"This department already has a label named “{trimmed}”.");
        }

        Label label;
        string what;
        if (labelId is { } id)
        {
            label = await db.Labels.FirstOrDefaultAsync(l => l.Id == id && l.DepartmentId == departmentId, cancellationToken) ?? throw new NotFoundException("The label");
            what = label.Name == trimmed ? $"Recolored label “{trimmed}”" : $"Renamed label “{label.Name}” to “{trimmed}”";
        }
        else
        {
            label = new Label { DepartmentId = departmentId, Name = trimmed };
            db.Labels.Add(label);
            what = $"Added label “{trimmed}”";
        }

        label.Name = trimmed;
        label.Color = color;
        AuditLog.Record(db, AuditAction.LabelsChanged, actor, what, Now, departmentId);
        await db.SaveChangesAsync(cancellationToken);
        return label.Id;
    }

    public async Task DeleteAsync(DepartmentScope scope, Guid labelId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var label = await db.Labels.FirstOrDefaultAsync(l => l.Id == labelId, cancellationToken) ?? throw new NotFoundException("The label");
        if (!scope.Allows(label.DepartmentId) || !await TeamSettings.ManagesAsync(db, scope, cancellationToken))
        {
            throw new AccessDeniedException("Only a manager of this department can change its labels.");
        }

        var on = await db.ThreadLabels.CountAsync(l => l.LabelId == labelId, cancellationToken);
        db.Labels.Remove(label);
        AuditLog.Record(db, AuditAction.LabelsChanged, actor, $"Removed label “{label.Name}” (it was on {on} conversation{(on == 1 ? "" : "s")})", Now, label.DepartmentId);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetOnThreadAsync(DepartmentScope scope, Guid threadId, IReadOnlyCollection<Guid> labelIds, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await db.Threads.Include(t => t.Customer).FirstOrDefaultAsync(t => t.Id == threadId, cancellationToken) ?? throw new NotFoundException("The conversation");
        if (!scope.Allows(thread.DepartmentId))
        {
            throw new AccessDeniedException();
        }

        var wanted = labelIds.Distinct().ToList();
        var labels = await db.Labels.Where(l => wanted.Contains(l.Id)).ToListAsync(cancellationToken);
        if (labels.Count != wanted.Count || labels.Any(l => l.DepartmentId != thread.DepartmentId))
        {
            throw new ValidationException("Labels", "Only this department's labels can go on its conversations.");
        }

        var current = await db.ThreadLabels.Where(l => l.ThreadId == threadId).ToListAsync(cancellationToken);
        var added = labels.Where(l => current.All(c => c.LabelId != l.Id)).ToList();
        var removed = current.Where(c => !wanted.Contains(c.LabelId)).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return;
        }

        var removedNames = await db.Labels.Where(l => removed.Select(r => r.LabelId).Contains(l.Id)).Select(l => l.Name).ToListAsync(cancellationToken);
        db.ThreadLabels.RemoveRange(removed);
        db.ThreadLabels.AddRange(added.Select(l => new ThreadLabel { ThreadId = threadId, LabelId = l.Id }));
        var parts = added.Select(l => $"added “{l.Name}”").Concat(removedNames.Select(n => $"removed “{n}”"));
        AuditLog.Record(db, AuditAction.LabelsChanged, actor, $"{actor.Name} {string.Join(", ", parts)} ({thread.Customer!.DisplayName})", Now, thread.DepartmentId, thread.Id);
        await db.SaveChangesAsync(cancellationToken);
        // Not tagged with the screen it came from: that screen's list reads the labels again like every other.
        await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, thread.Customer, actor.UserId == Guid.Empty ? null : actor.UserId, ThreadChange.Labeled) with { ActorName = actor.Name }, CancellationToken.None);
    }

    public async Task<IReadOnlyList<LabelView>> OfThreadAsync(Guid threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from tag in db.ThreadLabels.AsNoTracking()
                      join label in db.Labels on tag.LabelId equals label.Id
                      where tag.ThreadId == threadId
                      orderby label.Name
                      select new LabelView(label.Id, label.DepartmentId, label.Name, label.Color))
            .ToListAsync(cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
