using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Common;
using Portal.Infrastructure.Audit;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Providers;
using Portal.Infrastructure.Security;

namespace Portal.Infrastructure.Threads;

internal sealed class ThreadService(IDbContextFactory<PortalDbContext> dbFactory, ProviderAccountStore accounts, IConversationNotifier notifier, TimeProvider clock) : IThreadService
{
    public async Task<AccessResult<ThreadDetail>> GetAsync(DepartmentScope scope, Guid threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await db.Threads.AsNoTracking()
            .Include(t => t.Customer)
            .Include(t => t.Department)
            .FirstOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return AccessResult<ThreadDetail>.NotFound();
        }

        if (!scope.Allows(thread.DepartmentId))
        {
            return AccessResult<ThreadDetail>.Forbidden();
        }

        if (await Customers.CustomerWalls.SharedBeyondAsync(db, scope, thread.CustomerId, cancellationToken))
        {
            thread.Customer = Customers.CustomerWalls.AsShared(thread.Customer!);
        }

        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);

        // Locked-out users are not offered: nobody can hand them a conversation they cannot open.
        var now = clock.GetUtcNow();
        var assignable = (await db.DepartmentMembers
            .Where(m => m.DepartmentId == thread.DepartmentId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u)
            .OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.LockoutEnd })
            .ToListAsync(cancellationToken))
            .Where(u => u.LockoutEnd is null || u.LockoutEnd <= now)
            .Select(u => new UserOption(u.Id, u.DisplayName))
            .ToList();

        string? assigneeName = null;
        if (thread.AssigneeId is { } assigneeId)
        {
            assigneeName = assignable.FirstOrDefault(u => u.Id == assigneeId)?.Name
                ?? await db.Users.Where(u => u.Id == assigneeId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        }

        var others = await db.Threads.AsNoTracking()
            .VisibleTo(scope)
            .Where(t => t.CustomerId == thread.CustomerId && t.Id != thread.Id)
            .OrderByDescending(t => t.LastActivityAt)
            .Select(t => new ThreadSummary(t.Id, t.Department!.Name, t.Department.TimeZoneId, t.Status, t.LastActivityAt))
            .ToListAsync(cancellationToken);

        var account = await accounts.RouteAsync(db, thread.DepartmentId, thread.LastInboundProviderAccountId, cancellationToken);
        var route = account is null ? null : new ThreadRoute(account.Id, accounts.DisplayName(account), accounts.IsSimulated(account), account.FromNumber);
        return AccessResult<ThreadDetail>.Found(new ThreadDetail(thread, thread.Customer!, thread.Department!, messages, assigneeName, assignable, others, route));
    }

    public async Task<Message> AddNoteAsync(DepartmentScope scope, Guid threadId, string body, Actor actor, CancellationToken cancellationToken = default)
    {
        var text = body.Trim();
        if (text.Length == 0)
        {
            throw new ValidationException("Body", "A note cannot be empty.");
        }

        if (text.Length > MessageBodyLimits.MaxNoteLength)
        {
            throw new ValidationException("Body", $"A note can be at most {MessageBodyLimits.MaxNoteLength} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await LoadForChangeAsync(db, scope, threadId, cancellationToken);
        var note = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.Note, text, MessageStatus.Received, Now);
        note.AuthorType = AuthorType.User;
        note.AuthorUserId = actor.UserId;
        note.AuthorName = actor.Name;
        var mentions = await Notifications.NoteMentions.StageAsync(db, thread, note, actor, cancellationToken);
        db.Messages.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PublishAsync(ConversationEvents.MessageAdded(note, thread, thread.Customer!).By(actor), CancellationToken.None);
        foreach (var mention in mentions)
        {
            await notifier.PublishAsync(mention, CancellationToken.None);
        }

        return note;
    }

    public async Task AssignAsync(DepartmentScope scope, Guid threadId, Guid? assigneeId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await LoadForChangeAsync(db, scope, threadId, cancellationToken);
        if (thread.AssigneeId == assigneeId)
        {
            return;
        }

        string line;
        var action = assigneeId is null ? AuditAction.Unassigned
            : assigneeId == actor.UserId ? (thread.AssigneeId is null ? AuditAction.Assigned : AuditAction.TookOver)
            : AuditAction.Assigned;
        if (assigneeId is { } id)
        {
            var assignee = await db.DepartmentMembers
                .Where(m => m.DepartmentId == thread.DepartmentId && m.UserId == id)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.DisplayName)
                .FirstOrDefaultAsync(cancellationToken)
                ?? throw new ValidationException("AssigneeId", "That user is not a member of this department.");
            line = id == actor.UserId ? $"{actor.Name} took this conversation" : $"{actor.Name} assigned this conversation to {assignee}";
        }
        else
        {
            line = $"{actor.Name} unassigned this conversation";
        }

        thread.AssigneeId = assigneeId;
        // A person decided: automatic assignment leaves it alone, even unassigned.
        thread.AwaitsAssignment = false;
        if (assigneeId is { } given && given != actor.UserId)
        {
            // Given to someone by a colleague: it is new to them, whatever they had read of it before.
            db.ThreadReadStates.RemoveRange(await db.ThreadReadStates.Where(r => r.ThreadId == thread.Id && r.UserId == given).ToListAsync(cancellationToken));
        }

        Audit(db, thread, action, line, actor);
        await SaveAndAnnounceAsync(db, thread, AddSystemLine(db, thread, line, actor), actor, cancellationToken, assigneeId is null ? ThreadChange.Unassigned : ThreadChange.Assigned);
    }

    public async Task CloseAsync(DepartmentScope scope, Guid threadId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await LoadForChangeAsync(db, scope, threadId, cancellationToken);
        if (thread.Status == ThreadStatus.Closed)
        {
            return;
        }

        thread.Status = ThreadStatus.Closed;
        thread.ClosedAt = Now;
        thread.AwaitsAssignment = false;
        thread.Answered();
        Audit(db, thread, AuditAction.Closed, $"{actor.Name} closed this conversation", actor);
        await SaveAndAnnounceAsync(db, thread, AddSystemLine(db, thread, $"{actor.Name} closed this conversation", actor), actor, cancellationToken, ThreadChange.Closed);
    }

    public async Task ReopenAsync(DepartmentScope scope, Guid threadId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await LoadForChangeAsync(db, scope, threadId, cancellationToken);
        if (thread.Status != ThreadStatus.Closed)
        {
            return;
        }

        var otherOpen = await db.Threads.AnyAsync(
            t => t.DepartmentId == thread.DepartmentId && t.CustomerId == thread.CustomerId && t.Id != thread.Id && t.Status != ThreadStatus.Closed,
            cancellationToken);
        if (otherOpen)
        {
            throw new DomainException("This customer already has an open conversation with this department.");
        }

        thread.Status = ThreadStatus.Open;
        thread.ClosedAt = null;
        thread.FirstAnsweredAt = null;
        Audit(db, thread, AuditAction.Reopened, $"{actor.Name} reopened this conversation", actor);
        await SaveAndAnnounceAsync(db, thread, AddSystemLine(db, thread, $"{actor.Name} reopened this conversation", actor), actor, cancellationToken, ThreadChange.Reopened);
    }

    public async Task SnoozeAsync(DepartmentScope scope, Guid threadId, DateTime untilUtc, Actor actor, CancellationToken cancellationToken = default)
    {
        var until = DateTime.SpecifyKind(untilUtc, DateTimeKind.Utc);
        if (until <= Now)
        {
            throw new ValidationException("SnoozedUntil", "Pick a time in the future.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await LoadForChangeAsync(db, scope, threadId, cancellationToken);
        if (thread.Status == ThreadStatus.Closed)
        {
            throw new DomainException("A closed conversation cannot be snoozed.");
        }

        thread.Status = ThreadStatus.Snoozed;
        thread.SnoozedUntil = until;
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == thread.DepartmentId).Select(d => d.TimeZoneId).FirstAsync(cancellationToken);
        var local = Core.Departments.DepartmentTimeZone.ToLocal(until, department);
        Audit(db, thread, AuditAction.Snoozed, $"{actor.Name} snoozed this conversation until {local:ddd MMM d, h:mm tt}", actor);
        await SaveAndAnnounceAsync(db, thread, AddSystemLine(db, thread, $"{actor.Name} snoozed this conversation until {local:ddd MMM d, h:mm tt}", actor), actor, cancellationToken, ThreadChange.Snoozed);
    }

    public async Task<int> WakeSnoozedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var due = await db.Threads.Include(t => t.Customer)
            .Where(t => t.Status == ThreadStatus.Snoozed && t.SnoozedUntil != null && t.SnoozedUntil <= now)
            .ToListAsync(cancellationToken);
        foreach (var thread in due)
        {
            thread.Status = ThreadStatus.Open;
            thread.SnoozedUntil = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var thread in due)
        {
            await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, thread.Customer!), CancellationToken.None);
        }

        return due.Count;
    }

    public async Task<Guid> StartAsync(DepartmentScope scope, Guid customerId, Guid departmentId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!scope.Allows(departmentId))
        {
            throw new AccessDeniedException();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken) ?? throw new NotFoundException("The customer");
        var thread = await db.Threads
            .Where(t => t.DepartmentId == departmentId && t.CustomerId == customerId)
            .OrderBy(t => t.Status == ThreadStatus.Closed ? 1 : 0).ThenByDescending(t => t.LastActivityAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (thread is { Status: not ThreadStatus.Closed })
        {
            return thread.Id;
        }

        Message line;
        if (thread is null)
        {
            thread = new ConversationThread { DepartmentId = departmentId, CustomerId = customerId, AssigneeId = actor.UserId == Guid.Empty ? null : actor.UserId, LastActivityAt = Now, Customer = customer };
            db.Threads.Add(thread);
            line = AddSystemLine(db, thread, $"{actor.Name} started this conversation", actor);
        }
        else
        {
            thread.Status = ThreadStatus.Open;
            thread.ClosedAt = null;
            thread.FirstAnsweredAt = null;
            thread.Customer = customer;
            line = AddSystemLine(db, thread, $"{actor.Name} reopened this conversation", actor);
            Audit(db, thread, AuditAction.Reopened, $"{actor.Name} reopened this conversation", actor);
        }

        try
        {
            await SaveAndAnnounceAsync(db, thread, line, actor, cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(thread).State == EntityState.Added)
        {
            // Someone started the customer's conversation in this department at the same moment: that one is it.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await fresh.Threads.Where(t => t.DepartmentId == departmentId && t.CustomerId == customerId && t.Status != ThreadStatus.Closed)
                .Select(t => t.Id).SingleAsync(cancellationToken);
        }

        return thread.Id;
    }

    public async Task MarkReadAsync(DepartmentScope scope, Guid threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await LoadForChangeAsync(db, scope, threadId, cancellationToken);
        await ReadStates.StageAsync(db, [(scope.UserId, threadId, Now)], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PublishAsync(ConversationEvents.ReadBy(scope.UserId, thread.DepartmentId, threadId), CancellationToken.None);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static async Task<ConversationThread> LoadForChangeAsync(PortalDbContext db, DepartmentScope scope, Guid threadId, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.Include(t => t.Customer).FirstOrDefaultAsync(t => t.Id == threadId, cancellationToken)
            ?? throw new NotFoundException("The conversation");
        return scope.Allows(thread.DepartmentId) ? thread : throw new AccessDeniedException();
    }

    /// <summary>Commits, then tells every open screen: the line in the thread, and the thread's new state for the inbox.</summary>
    private async Task SaveAndAnnounceAsync(PortalDbContext db, ConversationThread thread, Message line, Actor actor, CancellationToken cancellationToken, ThreadChange? change = null)
    {
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PublishAsync(ConversationEvents.MessageAdded(line, thread, thread.Customer!).By(actor), CancellationToken.None);
        await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, thread.Customer!, change: change).By(actor), CancellationToken.None);
    }

    /// <summary>The change in the audit trail too, named by its customer, saved with it.</summary>
    private void Audit(PortalDbContext db, ConversationThread thread, AuditAction action, string what, Actor actor) =>
        AuditLog.Record(db, action, actor, $"{what} ({thread.Customer?.DisplayName})", Now, thread.DepartmentId, thread.Id);

    private Message AddSystemLine(PortalDbContext db, ConversationThread thread, string text, Actor actor)
    {
        var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, text, MessageStatus.Received, Now);
        line.AuthorType = AuthorType.User;
        line.AuthorUserId = actor.UserId == Guid.Empty ? null : actor.UserId;
        line.AuthorName = actor.Name;
        db.Messages.Add(line);
        return line;
    }
}
