using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Campaigns;
using Portal.Core.Departments;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Sending;

namespace Portal.Infrastructure.Campaigns;

internal sealed record CampaignClaim(Message Message, ConversationThread Thread);

/// <param name="Changed">Some due messages were failed (an opt-out, a bad number) or moved to their recipient's window.</param>
internal sealed record ClaimedBatch(List<CampaignClaim> Claimed, bool Changed);

/// <summary>
/// Claims a batch of a campaign's due messages in one commit: each recipient passes the <see cref="RecipientGate"/> or
/// their message fails or waits for their window; the rest move to Sending, and the runner's lease is renewed.
/// </summary>
internal static class CampaignBatchClaimer
{
    /// <summary>Null when the commit lost a race (a pause, a cancel, a webhook) and should be tried again.</summary>
    public static async Task<ClaimedBatch?> ClaimAsync(
        PortalDbContext db, Campaign campaign, Department department, int size, CampaignLease lease, DateTime now, ILogger logger, CancellationToken cancellationToken)
    {
        var due = await db.Messages
            .Where(m => m.CampaignId == campaign.Id
                && ((m.Status == MessageStatus.Scheduled && m.SendAt <= now) || (m.Status == MessageStatus.Retrying && m.NextAttemptAt <= now)))
            .OrderBy(m => m.Status == MessageStatus.Retrying ? m.NextAttemptAt : m.SendAt)
            .Take(size)
            .ToListAsync(cancellationToken);
        var threadIds = due.Select(m => m.ThreadId).Distinct().ToList();
        var threads = await db.Threads.Include(t => t.Customer).Where(t => threadIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var gate = await RecipientGate.ForAsync(db, threads.Values.Select(t => t.Customer!), cancellationToken);

        var claimed = new List<CampaignClaim>();
        foreach (var message in due)
        {
            var thread = threads[message.ThreadId];
            var customer = thread.Customer!;
            if (gate.Refusal(customer) is { } refusal)
            {
                message.Fail(refusal.Reason, refusal.Detail, now);
                continue;
            }

            var opening = RecipientGate.RecipientWindowOpening(now, department, customer, campaign: true);
            if (opening > now)
            {
                message.DeferTo(opening);
                continue;
            }

            message.Claim(campaign.ProviderAccountId, now);
            claimed.Add(new CampaignClaim(message, thread));
        }

        campaign.MarkRunning();
        lease.Renew(campaign, now);
        // A renewal at the same instant changes nothing; a pause saved since the campaign was read must still win.
        db.SaveOnlyIfUnchanged(campaign);
        if (!await db.TrySaveChangesAsync(cancellationToken))
        {
            logger.LogInformation("Campaign {CampaignId} changed while a batch was claimed; reading it again", campaign.Id);
            return null;
        }

        return new ClaimedBatch(claimed, due.Count > 0);
    }
}
