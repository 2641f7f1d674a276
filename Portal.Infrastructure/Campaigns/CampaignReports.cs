using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>What managers read about campaigns: the list with its counts, progress, and results per variant and recipient.</summary>
internal sealed class CampaignReports(IDbContextFactory<PortalDbContext> dbFactory, CampaignProgressReader progress)
{
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(DepartmentScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = scope.DepartmentIds.ToList();
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => scope.AllDepartments || departments.Contains(c.DepartmentId))
            .Join(db.Departments, c => c.DepartmentId, d => d.Id, (c, d) => new { c.Id, c.Name, c.DepartmentId, Department = d.Name, c.Status, c.StartAt, c.RecipientCount, c.CreatedAt })
            .ToListAsync(cancellationToken);
        var ids = campaigns.Select(c => c.Id).ToList();
        var counts = await db.Messages.AsNoTracking()
            .Where(m => m.CampaignId != null && ids.Contains(m.CampaignId.Value))
            .GroupBy(m => m.CampaignId)
            .Select(g => new
            {
                Id = g.Key!.Value,
                Sent = g.Count(m => m.SentAt != null),
                Failed = g.Count(m => m.Status == MessageStatus.Failed || m.Status == MessageStatus.Undelivered),
            })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        // Counted apart: SQL Server does not take a subquery inside an aggregate.
        var replied = await db.Messages.AsNoTracking()
            .Where(m => m.CampaignId != null && ids.Contains(m.CampaignId.Value) && m.SentAt != null
                && db.Messages.Any(r => r.ThreadId == m.ThreadId && r.Direction == MessageDirection.Inbound && r.OccurredAt > m.SentAt))
            .GroupBy(m => m.CampaignId)
            .Select(g => new { Id = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, cancellationToken);
        return [.. campaigns
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => counts.GetValueOrDefault(c.Id) is { } n
                ? new CampaignSummary(c.Id, c.Name, c.DepartmentId, c.Department, c.Status, c.StartAt, c.RecipientCount, n.Sent, n.Failed, replied.GetValueOrDefault(c.Id), c.CreatedAt)
                : new CampaignSummary(c.Id, c.Name, c.DepartmentId, c.Department, c.Status, c.StartAt, c.RecipientCount, 0, 0, 0, c.CreatedAt))];
    }

    public async Task<CampaignProgress> GetProgressAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await CampaignAccess.LoadAsync(db, scope, campaignId, cancellationToken);
        }

        return await progress.ReadAsync(campaignId, cancellationToken);
    }

    /// <summary>
    /// Counts, variants, timeline and recipients from one read (one transaction), so what a page shows at once agrees:
    /// never "Completed, 7 sent" above a table of recipients still "Scheduled".
    /// </summary>
    public async Task<CampaignResults> GetResultsAsync(DepartmentScope scope, Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await CampaignAccess.LoadAsync(db, scope, campaignId, cancellationToken);
        var zone = await db.Departments.Where(d => d.Id == campaign.DepartmentId).Select(d => d.TimeZoneId).FirstAsync(cancellationToken);
        await using var read = await ReadSnapshot.BeginAsync(db, cancellationToken);
        var counts = await CampaignProgressReader.ReadAsync(db, campaignId, cancellationToken);
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.CampaignId == campaignId)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => new { m, t.CustomerId })
            .Join(db.Customers, x => x.CustomerId, c => c.Id, (x, c) => new
            {
                x.m.Id, x.m.ThreadId, x.CustomerId, c.FirstName, c.LastName, c.Phone, x.m.CampaignVariant, x.m.Status, x.m.SentAt, x.m.FailureReason, x.m.FailureDetail,
                c.Consent, c.ConsentChangedAt,
                RepliedAt = db.Messages.Where(r => r.ThreadId == x.m.ThreadId && r.Direction == MessageDirection.Inbound && x.m.SentAt != null && r.OccurredAt > x.m.SentAt)
                    .Min(r => (DateTime?)r.OccurredAt),
            })
            .ToListAsync(cancellationToken);
        await read.CommitAsync(cancellationToken);
        var recipients = rows
            .Select(r => new RecipientResult(r.Id, r.ThreadId, r.CustomerId, $"{r.FirstName} {r.LastName}".Trim() is { Length: > 0 } name ? name : r.Phone ?? "Unknown",
                r.Phone, r.CampaignVariant ?? "A", r.Status.ToString(), r.SentAt, r.FailureReason, r.FailureDetail, r.RepliedAt is not null, r.RepliedAt,
                r.SentAt is not null && r.Consent == ConsentStatus.OptedOut && r.ConsentChangedAt > r.SentAt))
            .OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var variants = recipients.GroupBy(r => r.Variant).OrderBy(g => g.Key)
            .Select(g => new VariantResult(g.Key, g.Count(),
                g.Count(r => r.SentAt is not null),
                g.Count(r => r.Status == nameof(MessageStatus.Delivered)),
                g.Count(r => r.FailedToDeliver),
                g.Count(r => r.Replied),
                g.Count(r => r.OptedOutAfter),
                g.Count(r => r.NotSentOptedOut)))
            .ToList();
        return new CampaignResults(counts, recipients, variants, CampaignTimeline.Of(recipients)) { TimeZoneId = zone };
    }
}
