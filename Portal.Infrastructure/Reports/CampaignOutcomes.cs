using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Messages;
using Portal.Core.Reports;
using Portal.Core.Security;
using Portal.Infrastructure.Consent;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Reports;

/// <summary>
/// Each campaign that started in the range: its texts counted in the database per campaign. A reply is a customer
/// text after the campaign's text; an opt-out is the number's ledger saying so after it; a reply answered is one a
/// person then answered (a response-time row for the conversation after the text).
/// </summary>
internal static class CampaignOutcomes
{
    public static async Task<IReadOnlyList<CampaignOutcome>> ReadAsync(
        IDbContextFactory<PortalDbContext> dbFactory, DepartmentScope scope, ReportFilter filter, ReportRange range, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var allowed = scope.DepartmentIds.ToList();
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => c.StartAt >= range.FromUtc && c.StartAt < range.ToUtc && c.Status != CampaignStatus.Draft
                && (scope.AllDepartments || allowed.Contains(c.DepartmentId))
                && (filter.DepartmentId == null || c.DepartmentId == filter.DepartmentId))
            .Join(db.Departments, c => c.DepartmentId, d => d.Id, (c, d) => new { c.Id, c.Name, c.DepartmentId, Department = d.Name, c.StartAt, c.Status, c.RecipientCount })
            .ToListAsync(cancellationToken);
        if (campaigns.Count == 0)
        {
            return [];
        }

        var ids = campaigns.Select(c => c.Id).ToList();
        // Four counts over the campaigns' texts, each on its own connection at once (SQLite serves readers side by side).
        var countsTask = CountAsync(dbFactory, ids, texts => texts
            .GroupBy(m => m.CampaignId!.Value)
            .Select(g => new Counts(g.Key, g.Count(m => m.SentAt != null), g.Count(m => m.Status == MessageStatus.Delivered))), cancellationToken);
        // Each counted apart: SQL Server does not take a subquery inside an aggregate.
        var repliedTask = PerCampaignAsync(dbFactory, ids, (ctx, sent) => sent.Where(m => ctx.Messages.Any(r => r.ThreadId == m.ThreadId
            && r.Direction == MessageDirection.Inbound && r.Kind == MessageKind.Text && r.OccurredAt > m.SentAt)), cancellationToken);
        var optedOutTask = PerCampaignAsync(dbFactory, ids, (ctx, sent) =>
        {
            var optOuts = OptedOutNumbers.OptOutEntries(ctx);
            return sent.Where(m => ctx.Threads.Any(t => t.Id == m.ThreadId
                && ctx.Customers.Any(c => c.Id == t.CustomerId && optOuts.Any(e => e.Number == c.Phone && e.ActedAt > m.SentAt))));
        }, cancellationToken);
        var answeredTask = PerCampaignAsync(dbFactory, ids, (ctx, sent) => sent.Where(m => ctx.ResponseTimes.Any(r => r.ThreadId == m.ThreadId && r.WaitedFrom > m.SentAt)), cancellationToken);
        await Task.WhenAll(countsTask, repliedTask, optedOutTask, answeredTask);
        var (counts, replied, optedOut, answered) = (countsTask.Result.ToDictionary(c => c.Id), repliedTask.Result, optedOutTask.Result, answeredTask.Result);

        return [.. campaigns
            .OrderByDescending(c => c.StartAt)
            .Select(c =>
            {
                var n = counts.GetValueOrDefault(c.Id);
                return new CampaignOutcome(c.Id, c.Name, c.DepartmentId, c.Department, c.StartAt, c.Status.ToString(),
                    c.RecipientCount, n?.Sent ?? 0, n?.Delivered ?? 0, replied.GetValueOrDefault(c.Id), optedOut.GetValueOrDefault(c.Id), answered.GetValueOrDefault(c.Id));
            })];
    }

    private sealed record Counts(Guid Id, int Sent, int Delivered);

    private static async Task<List<Counts>> CountAsync(
        IDbContextFactory<PortalDbContext> dbFactory, List<Guid> ids, Func<IQueryable<Message>, IQueryable<Counts>> count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await count(db.Messages.AsNoTracking().Where(m => m.CampaignId != null && ids.Contains(m.CampaignId.Value))).ToListAsync(cancellationToken);
    }

    /// <summary>How many of each campaign's sent texts <paramref name="pick"/> keeps, on a connection of its own.</summary>
    private static async Task<Dictionary<Guid, int>> PerCampaignAsync(
        IDbContextFactory<PortalDbContext> dbFactory, List<Guid> ids, Func<PortalDbContext, IQueryable<Message>, IQueryable<Message>> pick, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sent = db.Messages.AsNoTracking().Where(m => m.CampaignId != null && ids.Contains(m.CampaignId.Value) && m.SentAt != null);
        return await pick(db, sent).GroupBy(m => m.CampaignId!.Value).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, cancellationToken);
    }
}
