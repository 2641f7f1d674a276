using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Messages;
using Portal.Core.Notifications;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Notifications;

/// <summary>
/// The @mentions of a note: each member of the conversation's department named is notified (away or not: it waits
/// for them); naming someone outside the department refuses the note, with the reason, before anything is saved.
/// </summary>
internal static class NoteMentions
{
    public const string MentionedKey = "mentions";
    public const string AwayKey = "mentionedAway";

    public static async Task<List<ConversationEvent>> StageAsync(PortalDbContext db, ConversationThread thread, Message note, Actor actor, CancellationToken cancellationToken)
    {
        if (!note.Body.Contains('@'))
        {
            return [];
        }

        var people = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.AwaySince,
                Member = db.DepartmentMembers.Any(m => m.DepartmentId == thread.DepartmentId && m.UserId == u.Id),
            })
            .ToListAsync(cancellationToken);
        var mentioned = Mentions.Find(note.Body, [.. people.Select(p => (p.Id, p.DisplayName))]);
        if (mentioned.Count == 0)
        {
            return [];
        }

        var department = await db.Departments.AsNoTracking().Where(d => d.Id == thread.DepartmentId).Select(d => d.Name).FirstAsync(cancellationToken);
        var outsiders = mentioned.Where(m => !people.First(p => p.Id == m.UserId).Member).Select(m => m.Name).ToList();
        if (outsiders.Count > 0)
        {
            throw new ValidationException("Body", $"{string.Join(" and ", outsiders)} {(outsiders.Count == 1 ? "is" : "are")} not in {department}, so {(outsiders.Count == 1 ? "they" : "they")} cannot be mentioned on its conversations.");
        }

        var told = mentioned.Where(m => m.UserId != actor.UserId).ToList();
        var away = told.Where(m => people.First(p => p.Id == m.UserId).AwaySince is not null).Select(m => m.Name).ToList();
        note.Metadata = new Dictionary<string, string>(note.Metadata) { [MentionedKey] = string.Join(",", told.Select(m => m.UserId)) };
        if (away.Count > 0)
        {
            note.Metadata[AwayKey] = string.Join(", ", away);
        }

        var excerpt = note.Body.ReplaceLineEndings(" ");
        var text = $"{actor.Name} mentioned you on {thread.Customer?.DisplayName ?? "a conversation"}: “{(excerpt.Length <= 120 ? excerpt : excerpt[..119] + "…")}”";
        return NotificationCenter.Stage(db, told.Select(m => m.UserId), NotificationKind.Mention, thread.DepartmentId, thread.Id, text);
    }
}
