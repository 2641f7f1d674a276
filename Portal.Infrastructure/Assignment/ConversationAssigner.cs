using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Assignment;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Assignment;

/// <summary>
/// Automatic assignment. A decision reads the department's turn, picks, then commits only if the turn is still the one
/// it read and the conversation is still waiting: two instances deciding at once cannot give one conversation twice or
/// both fill the same last place; the loser reads again.
/// </summary>
internal sealed class ConversationAssigner(
    IDbContextFactory<PortalDbContext> dbFactory,
    AssignmentCandidates candidates,
    IConversationNotifier notifier,
    TimeProvider clock,
    ILogger<ConversationAssigner> logger) : IConversationAssigner
{
    private const int MaxAttempts = 20;

    public async Task<Guid?> AssignAsync(Guid threadId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var outcome = await TryAssignAsync(threadId, cancellationToken);
            if (outcome.Done)
            {
                return outcome.AssigneeId;
            }

            // Another instance took the department's turn first: read again, after a breath that differs per attempt.
            await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
        }

        logger.LogWarning("Thread {ThreadId} lost the assignment turn {Attempts} times; the sweep will assign it", threadId, MaxAttempts);
        return null;
    }

    public async Task<int> AssignWaitingAsync(Guid? departmentId = null, CancellationToken cancellationToken = default)
    {
        List<Guid> waiting;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.Threads.AsNoTracking()
                .Where(t => t.AwaitsAssignment && (departmentId == null || t.DepartmentId == departmentId))
                .OrderBy(t => t.LastInboundAt ?? t.CreatedAt)
                .Select(t => t.Id)
                .ToListAsync(cancellationToken);
        }

        var given = 0;
        foreach (var threadId in waiting)
        {
            if (await AssignAsync(threadId, cancellationToken) is not null)
            {
                given++;
            }
        }

        return given;
    }

    private async Task<Outcome> TryAssignAsync(Guid threadId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var thread = await db.Threads.AsNoTracking().Include(t => t.Customer).FirstOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is not { AwaitsAssignment: true })
        {
            return Outcome.Nothing;
        }

        var department = await db.Departments.AsNoTracking()
            .Where(d => d.Id == thread.DepartmentId)
            .Select(d => new { d.AssignmentMode, d.AssignmentTurn, d.LastAutoAssigneeId })
            .FirstAsync(cancellationToken);
        if (department.AssignmentMode == AssignmentMode.Off || thread.Status == ThreadStatus.Closed)
        {
            await StopWaitingAsync(db, thread, cancellationToken);
            return Outcome.Nothing;
        }

        var team = await candidates.ForAsync(db, thread.DepartmentId, cancellationToken);
        if (thread.AssigneeId is { } current && team.FirstOrDefault(c => c.UserId == current) is { IsAvailable: true })
        {
            // Reopened for someone still here: it stays theirs.
            await StopWaitingAsync(db, thread, cancellationToken);
            return Outcome.Nothing;
        }

        var pick = AssignmentPicker.Pick(department.AssignmentMode, team, department.LastAutoAssigneeId);
        if (pick is null)
        {
            logger.LogInformation("Thread {ThreadId} waits for assignment: {Why}", threadId, AssignmentPicker.WhyNobody(team));
            return Outcome.Nothing;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, Describe(department.AssignmentMode, pick, thread.AssigneeId, team), MessageStatus.Received, now);
        line.AuthorType = AuthorType.System;
        line.AuthorName = "Automatic assignment";

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var turnTaken = await db.Departments
            .Where(d => d.Id == thread.DepartmentId && d.AssignmentTurn == department.AssignmentTurn)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.AssignmentTurn, x => x.AssignmentTurn + 1).SetProperty(x => x.LastAutoAssigneeId, pick.UserId), cancellationToken);
        if (turnTaken == 0)
        {
            return Outcome.Retry;
        }

        var previous = thread.AssigneeId;
        var given = await db.Threads
            .Where(t => t.Id == thread.Id && t.AwaitsAssignment && t.AssigneeId == previous)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.AssigneeId, pick.UserId).SetProperty(x => x.AwaitsAssignment, false), cancellationToken);
        if (given == 0)
        {
            // Someone assigned it by hand meanwhile (or another instance did): nothing to give, and the turn is not spent.
            await transaction.RollbackAsync(cancellationToken);
            return Outcome.Nothing;
        }

        await db.ThreadReadStates.Where(r => r.ThreadId == thread.Id && r.UserId == pick.UserId).ExecuteDeleteAsync(cancellationToken);
        db.Messages.Add(line);
        Audit.AuditLog.Record(db, Core.Audit.AuditAction.AssignedAutomatically, new Core.Common.Actor(Guid.Empty, "Automatic assignment"),
            $"{line.Body} ({thread.Customer!.DisplayName})", now, thread.DepartmentId, thread.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        thread.AssigneeId = pick.UserId;
        thread.AwaitsAssignment = false;
        logger.LogInformation("Thread {ThreadId} assigned to {UserId} ({Mode})", thread.Id, pick.UserId, department.AssignmentMode);
        await notifier.PublishAsync(ConversationEvents.MessageAdded(line, thread, thread.Customer!), CancellationToken.None);
        await notifier.PublishAsync(ConversationEvents.ThreadUpdated(thread, thread.Customer!, change: ThreadChange.Assigned), CancellationToken.None);
        return Outcome.Given(pick.UserId);
    }

    private static async Task StopWaitingAsync(PortalDbContext db, ConversationThread thread, CancellationToken cancellationToken) =>
        await db.Threads.Where(t => t.Id == thread.Id && t.AwaitsAssignment)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.AwaitsAssignment, false), cancellationToken);

    private static string Describe(AssignmentMode mode, AssignmentCandidate pick, Guid? previous, IReadOnlyList<AssignmentCandidate> team)
    {
        var how = mode == AssignmentMode.RoundRobin ? "in turn" : "as the least busy";
        if (previous is { } before)
        {
            var who = team.FirstOrDefault(c => c.UserId == before);
            var why = who is null ? "is no longer in the department" : "is away";
            return $"Assigned to {pick.Name} {how}: the previous assignee {why}";
        }

        return $"Assigned to {pick.Name} {how}";
    }

    private readonly record struct Outcome(bool Done, Guid? AssigneeId)
    {
        public static readonly Outcome Nothing = new(true, null);
        public static readonly Outcome Retry = new(false, null);

        public static Outcome Given(Guid userId) => new(true, userId);
    }
}
