using Microsoft.EntityFrameworkCore;
using Portal.Core.Consent;
using Portal.Core.Messages;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Consent;

/// <summary>
/// Whether a number texted the dealership, and whether it was told how to stop in the last 30 days: read from the
/// messages of every department, since the number is the customer's and the carriers judge the dealership's texts.
/// </summary>
internal sealed class OptOutLineHistory(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IOptOutLineHistory
{
    public async Task<OptOutLineFacts> ForCustomerAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ForCustomerAsync(db, customerId, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    public static async Task<OptOutLineFacts> ForCustomerAsync(PortalDbContext db, Guid customerId, DateTime now, CancellationToken cancellationToken)
    {
        var messages = db.Messages.AsNoTracking().Where(m => db.Threads.Any(t => t.Id == m.ThreadId && t.CustomerId == customerId));
        var hasTexted = await messages.AnyAsync(m => m.Direction == MessageDirection.Inbound, cancellationToken);
        var toldLately = await Told(messages, now).AnyAsync(cancellationToken);
        return new OptOutLineFacts(hasTexted, toldLately);
    }

    /// <summary>Which of these customers were told how to stop in the last 30 days, in one query (a campaign's recipients).</summary>
    public static async Task<HashSet<Guid>> ToldLatelyAsync(PortalDbContext db, IEnumerable<Guid> customerIds, DateTime now, CancellationToken cancellationToken)
    {
        var ids = customerIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        return [.. await Told(db.Messages.AsNoTracking(), now)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => t.CustomerId)
            .Where(customerId => ids.Contains(customerId))
            .Distinct()
            .ToListAsync(cancellationToken)];
    }

    /// <summary>Texts that carried the line in the last 30 days and went, or may still go.</summary>
    private static IQueryable<Message> Told(IQueryable<Message> messages, DateTime now)
    {
        var since = now - OptOutLine.Remembered;
        return messages.Where(m => m.CarriesOptOutLine && m.OccurredAt >= since && m.Status != MessageStatus.Canceled && m.Status != MessageStatus.Failed);
    }
}
