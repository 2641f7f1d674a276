using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>A campaign's counts, read from its messages: a reply is any text from the recipient after theirs went out.</summary>
public sealed class CampaignProgressReader(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<CampaignProgress> ReadAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ReadAsync(db, campaignId, cancellationToken);
    }

    /// <summary>On <paramref name="db"/>, so a caller reading more in one transaction gets counts that agree with the rest.</summary>
    public static async Task<CampaignProgress> ReadAsync(PortalDbContext db, Guid campaignId, CancellationToken cancellationToken = default)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => new { c.Status, c.RecipientCount }).FirstAsync(cancellationToken);
        var messages = db.Messages.Where(m => m.CampaignId == campaignId);
        var byStatus = await messages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var attention = await messages.CountAsync(m => m.Status == MessageStatus.Failed && m.FailureReason == FailureReason.OutcomeUnknown, cancellationToken);
        var notSent = await messages.CountAsync(m => m.Status == MessageStatus.Failed && m.FailureReason == FailureReason.OptedOut && m.SentAt == null, cancellationToken);
        var replied = await messages.CountAsync(m => m.SentAt != null
            && db.Messages.Any(r => r.ThreadId == m.ThreadId && r.Direction == MessageDirection.Inbound && r.OccurredAt > m.SentAt), cancellationToken);
        var optedOut = await messages
            .Where(m => m.SentAt != null)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { m.SentAt, t.CustomerId })
            .Join(db.Customers, x => x.CustomerId, c => c.Id, (x, c) => new { x.SentAt, c.Consent, c.ConsentChangedAt })
            .CountAsync(x => x.Consent == ConsentStatus.OptedOut && x.ConsentChangedAt > x.SentAt, cancellationToken);

        int Count(params MessageStatus[] statuses) => statuses.Sum(s => byStatus.GetValueOrDefault(s));
        return new CampaignProgress(
            campaignId, campaign.Status, campaign.RecipientCount,
            Scheduled: Count(MessageStatus.Scheduled, MessageStatus.Retrying, MessageStatus.Queued),
            Sending: Count(MessageStatus.Sending),
            Sent: Count(MessageStatus.Sent),
            Delivered: Count(MessageStatus.Delivered),
            Failed: Count(MessageStatus.Failed, MessageStatus.Undelivered) - notSent,
            Canceled: Count(MessageStatus.Canceled),
            Replied: replied,
            OptedOut: optedOut,
            NeedsAttention: attention,
            NotSentOptedOut: notSent);
    }
}
