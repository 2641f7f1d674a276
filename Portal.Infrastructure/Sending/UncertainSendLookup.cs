using Microsoft.EntityFrameworkCore;
using Portal.Core.Messages;
using Portal.Core.Providers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Sending;

/// <summary>
/// Asks the provider, when its module can be asked (<see cref="ISendLookup"/>), whether a send whose outcome is unknown
/// reached it. Only an exact answer is acted on; anything else stays unknown and goes to a person.
/// </summary>
public sealed class UncertainSendLookup(IDbContextFactory<PortalDbContext> dbFactory, IEnumerable<ISendLookup> lookups)
{
    public async Task<SendLookupResult> FindAsync(ProviderAccountSettings settings, OutboundText outbound, DateTime attemptStartedAt, CancellationToken cancellationToken)
    {
        if (lookups.FirstOrDefault(l => l.Kind == settings.Kind) is not { } lookup)
        {
            return SendLookupResult.Unknown("This provider cannot be asked.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = attemptStartedAt.AddDays(-2);
        var onRecord = await db.Messages
            .Where(m => m.ProviderAccountId == settings.Id && m.ProviderMessageId != null && m.Direction == MessageDirection.Outbound && m.CreatedAt >= since)
            .Join(db.Threads.Where(t => t.Customer!.Phone == outbound.To), m => m.ThreadId, t => t.Id, (m, t) => m.ProviderMessageId!)
            .ToListAsync(cancellationToken);
        // Another send of ours to this number with this text, itself unresolved, could be the one the provider has.
        var similar = await db.Messages
            .Where(m => m.Id != outbound.MessageId && m.ThreadId == outbound.ThreadId && m.Body == outbound.Body && m.ProviderMessageId == null
                && (m.Status == MessageStatus.Sending || (m.Status == MessageStatus.Failed && m.FailureReason == FailureReason.OutcomeUnknown)))
            .CountAsync(cancellationToken);
        return await lookup.FindAsync(settings, new UncertainSend(outbound, attemptStartedAt, onRecord.ToHashSet(), similar), cancellationToken);
    }
}
