using Portal.Core.Audit;
using Portal.Core.Escalation;
using Portal.Core.Messages;
using Portal.Core.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.TeamHour;

/// <summary>
/// The hour's outcome, read from the database and the advisors' own log: who was given what, every customer text that
/// two people answered (and whether the second was warned), every wait past the department's limits (and when it was
/// escalated), and the slept laptop's catch-up. Returns how many checks failed.
/// </summary>
internal static class TeamHourChecks
{
    /// <summary>The sweep runs each minute, so "on time" is within a minute of the due instant, plus a little for the work itself.</summary>
    private static readonly TimeSpan OnTime = TimeSpan.FromSeconds(75);

    public static async Task<int> ReportAsync(PortalDbContext db, Guid departmentId, EscalationRules rules, HashSet<string> numbers,
        IReadOnlyList<AdvisorAction> log, CatchUp catchUp, DateTime now)
    {
        var threads = await db.Threads.AsNoTracking().Where(t => numbers.Contains(t.Customer!.Phone!))
            .Select(t => new { t.Id, t.AssigneeId, Phone = t.Customer!.Phone! }).ToListAsync();
        var ids = threads.Select(t => t.Id).ToList();
        var messages = (await db.Messages.AsNoTracking().Where(m => ids.Contains(m.ThreadId) && m.Kind == MessageKind.Text)
            .Select(m => new { m.ThreadId, m.Direction, m.AuthorType, m.AuthorUserId, m.OccurredAt }).ToListAsync())
            .OrderBy(m => m.OccurredAt).ToLookup(m => m.ThreadId);
        var escalations = (await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditAction.Escalated && e.ThreadId != null && ids.Contains(e.ThreadId.Value))
            .Select(e => new { ThreadId = e.ThreadId!.Value, e.At, e.Summary }).ToListAsync()).ToLookup(e => e.ThreadId);
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var failures = 0;
        string Describe(Guid threadId) => $"{threads.First(t => t.Id == threadId).Phone} (" +
            string.Join(", ", messages[threadId].Select(m => $"{m.Direction.ToString()[..2]} {m.OccurredAt:HH:mm:ss}")) + ")";

        Console.WriteLine();
        Console.WriteLine("| advisor | conversations given | replies sent | urgent ones answered on request | warned before sending | held back after a warning |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var advisor in log.Select(l => l.UserId).Concat(threads.Where(t => t.AssigneeId != null).Select(t => t.AssigneeId!.Value)).Distinct().OrderBy(id => names.GetValueOrDefault(id)))
        {
            var mine = log.Where(l => l.UserId == advisor).ToList();
            Console.WriteLine($"| {names.GetValueOrDefault(advisor)} | {threads.Count(t => t.AssigneeId == advisor)} | {mine.Count(l => l.Sent)} | {mine.Count(l => l.Helping && l.Sent)} | " +
                $"{mine.Count(l => l.Warned)} | {mine.Count(l => l.Warned && !l.Sent)} |");
        }

        var unassigned = threads.Count(t => t.AssigneeId is null);
        failures += Check(unassigned == 0, $"{threads.Count} conversations, {unassigned} left unassigned");

        // A customer text answered by two people: every answer after the first must have been sent through a warning.
        var twice = 0;
        var unwarned = 0;
        var waits = new List<(Guid ThreadId, DateTime Since, DateTime Until, bool Answered)>();
        foreach (var thread in threads)
        {
            var answerers = new List<Guid>();
            DateTime? since = null;
            foreach (var message in messages[thread.Id])
            {
                if (message.Direction == MessageDirection.Inbound)
                {
                    since ??= message.OccurredAt;
                    answerers.Clear();
                }
                else if (message.Direction == MessageDirection.Outbound && message.AuthorType == AuthorType.User && message.AuthorUserId is { } author)
                {
                    if (since is { } start)
                    {
                        waits.Add((thread.Id, start, message.OccurredAt, true));
                        since = null;
                    }

                    if (answerers.Count > 0 && !answerers.Contains(author))
                    {
                        twice++;
                        if (!log.Any(l => l.UserId == author && l.ThreadId == thread.Id && l.Warned && l.Sent))
                        {
                            unwarned++;
                            Console.WriteLine($"  answered twice without a warning: {thread.Phone} by {names.GetValueOrDefault(author)} at {message.OccurredAt:HH:mm:ss.fff}; " +
                                string.Join(", ", messages[thread.Id].Select(m => $"{m.Direction.ToString()[..2]} {(m.AuthorUserId is { } u ? names.GetValueOrDefault(u) : "")} {m.OccurredAt:HH:mm:ss.fff}")) +
                                "; log: " + string.Join(", ", log.Where(l => l.ThreadId == thread.Id).Select(l => $"{names.GetValueOrDefault(l.UserId)} warned={l.Warned} sent={l.Sent} saw={l.SawAnswerFirst} {l.At:HH:mm:ss.fff}")));
                        }
                    }

                    answerers.Add(author);
                }
            }

            if (since is { } open)
            {
                waits.Add((thread.Id, open, now, false));
            }
        }

        failures += Check(unwarned == 0, $"{twice} customer texts answered by two people, {unwarned} of them without a warning to the second");

        // Every wait past a limit is escalated within a minute of it, never before it, once per level.
        var limits = new[] { (Level: 1, Prefix: "Overdue:", After: TimeSpan.FromMinutes(rules.NotifyAssigneeAfter!.Value)),
            (Level: 2, Prefix: "Still no answer", After: TimeSpan.FromMinutes(rules.NotifyAssigneeAfter!.Value + rules.NotifyManagersAfter!.Value)) };
        foreach (var (level, prefix, after) in limits)
        {
            var due = 0;
            var onTime = 0;
            var late = new List<double>();
            var early = 0;
            var delays = new List<double>();
            foreach (var wait in waits)
            {
                var dueAt = wait.Since + after;
                var found = escalations[wait.ThreadId].Where(e => e.Summary.StartsWith(prefix, StringComparison.Ordinal) && e.At >= wait.Since && e.At <= wait.Until).ToList();
                early += found.Count(e => e.At < dueAt);
                if (wait.Until - dueAt <= OnTime)
                {
                    continue;
                }

                due++;
                if (found.FirstOrDefault(e => e.At >= dueAt) is { } escalation)
                {
                    delays.Add((escalation.At - dueAt).TotalSeconds);
                    if (escalation.At - dueAt <= OnTime)
                    {
                        onTime++;
                    }
                    else
                    {
                        late.Add((escalation.At - dueAt).TotalSeconds);
                        Console.WriteLine($"  late: {Describe(wait.ThreadId)} waited from {wait.Since:HH:mm:ss}, due {dueAt:HH:mm:ss}, escalated {escalation.At:HH:mm:ss}");
                    }
                }
                else
                {
                    Console.WriteLine($"  never: {Describe(wait.ThreadId)} waited from {wait.Since:HH:mm:ss} to {wait.Until:HH:mm:ss}, due {dueAt:HH:mm:ss}; " +
                        $"escalations {string.Join(", ", escalations[wait.ThreadId].Select(e => $"{e.At:HH:mm:ss} {e.Summary[..12]}"))}");
                }
            }

            var sorted = delays.Order().ToArray();
            failures += Check(onTime == due && early == 0,
                $"level {level} ({after.TotalMinutes:F0} business minutes): {due} waits past it, {onTime} escalated on time (delay after due p50 " +
                $"{(sorted.Length > 0 ? sorted[sorted.Length / 2] : 0):F0} s, max {sorted.LastOrDefault():F0} s simulated), {late.Count} late, {due - onTime - late.Count} never, {early} early");
        }

        var notified = await db.Notifications.AsNoTracking().Where(n => n.DepartmentId == departmentId && n.ThreadId != null && ids.Contains(n.ThreadId.Value))
            .GroupBy(n => n.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Console.WriteLine($"  notifications: {string.Join(", ", notified.Select(n => $"{n.Count} {(n.Key == NotificationKind.Overdue ? "to assignees" : "to managers")}"))}");
        failures += Check(catchUp.CaughtUp && catchUp.Seconds <= 2,
            $"slept laptop: {catchUp.MissedMessages} texts in its conversations while asleep; its inbox ({catchUp.Rows} rows) matched the database {catchUp.Seconds:F2} s after the network returned");
        return failures;
    }

    private static int Check(bool held, string line)
    {
        Console.WriteLine($"{(held ? "ok  " : "FAIL")} {line}");
        return held ? 0 : 1;
    }
}
