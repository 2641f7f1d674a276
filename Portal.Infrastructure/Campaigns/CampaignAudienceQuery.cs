using Microsoft.EntityFrameworkCore;
using Portal.Core.Campaigns;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Campaigns;

/// <summary>
/// The customers an audience matches in one department: those with a conversation there and those in no conversation
/// yet (fresh leads), as for the customers page. A customer who only talks to another department is not this one's.
/// </summary>
internal static class CampaignAudienceQuery
{
    public static async Task<List<AudienceCandidate>> CandidatesAsync(PortalDbContext db, Guid departmentId, CampaignAudience audience, DateTime utcNow, CancellationToken cancellationToken)
    {
        var customers = db.Customers.AsNoTracking()
            .Where(c => db.Threads.Any(t => t.CustomerId == c.Id && t.DepartmentId == departmentId) || !db.Threads.Any(t => t.CustomerId == c.Id));
        if (audience.CustomerIds.Count > 0)
        {
            var ids = audience.CustomerIds.Distinct().ToList();
            customers = customers.Where(c => ids.Contains(c.Id));
        }

        if (audience.Phones.Count > 0)
        {
            var numbers = audience.Phones.Distinct().ToList();
            customers = customers.Where(c => c.Phone != null && numbers.Contains(c.Phone));
        }

        if (!string.IsNullOrWhiteSpace(audience.VehicleContains))
        {
            var vehicle = $"%{audience.VehicleContains.Trim()}%";
            customers = customers.Where(c => c.Lead.VehicleOfInterest != null && EF.Functions.Like(c.Lead.VehicleOfInterest, vehicle));
        }

        var matched = await customers.ToListAsync(cancellationToken);
        var tags = audience.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var statuses = audience.LeadStatuses.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        matched = [.. matched.Where(c => (tags.Count == 0 || c.Tags.Any(tags.Contains)) && (statuses.Count == 0 || (c.Lead.ProcessStatus is { } s && statuses.Contains(s))))];

        // Each customer's conversation here: the open one, else the latest.
        var threads = (await db.Threads.AsNoTracking().Where(t => t.DepartmentId == departmentId)
                .Select(t => new { t.Id, t.CustomerId, t.Status, t.LastActivityAt }).ToListAsync(cancellationToken))
            .GroupBy(t => t.CustomerId)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Status == ThreadStatus.Closed ? 1 : 0).ThenByDescending(t => t.LastActivityAt).First());
        var contactedSince = utcNow.AddDays(-Math.Max(audience.ExcludeContactedWithinDays ?? 0, 0));
        var lastSent = audience.ExcludeContactedWithinDays is > 0
            ? await db.Messages.AsNoTracking()
                .Where(m => m.Direction == MessageDirection.Outbound && m.SentAt != null && m.SentAt >= contactedSince)
                .Join(db.Threads.Where(t => t.DepartmentId == departmentId), m => m.ThreadId, t => t.Id, (m, t) => new { t.CustomerId, m.SentAt })
                .GroupBy(x => x.CustomerId)
                .Select(g => new { CustomerId = g.Key, Last = g.Max(x => x.SentAt) })
                .ToDictionaryAsync(x => x.CustomerId, x => x.Last, cancellationToken)
            : [];

        var candidates = new List<AudienceCandidate>(matched.Count);
        foreach (var customer in matched)
        {
            var thread = threads.GetValueOrDefault(customer.Id);
            var open = thread is not null && thread.Status != ThreadStatus.Closed;
            if (audience.HasOpenConversation is { } wantOpen && wantOpen != open)
            {
                continue;
            }

            // A customer never contacted here counts as last contacted "before" any date, and never "after" one.
            if (audience.LastContactAfter is { } after && (thread is null || thread.LastActivityAt < after))
            {
                continue;
            }

            if (audience.LastContactBefore is { } before && thread is not null && thread.LastActivityAt >= before)
            {
                continue;
            }

            candidates.Add(new AudienceCandidate(customer.Id, customer.DisplayName, customer.Phone, customer.IsOptedOut, thread?.Id, open,
                thread?.LastActivityAt, lastSent.GetValueOrDefault(customer.Id)) { Customer = customer, Consent = customer.Consent });
        }

        return candidates;
    }

    /// <summary>Numbers a provider refused as not textable (invalid, not a mobile) in the audience's window: texting them again fails the same way.</summary>
    public static async Task<IReadOnlySet<string>> FailedNumbersAsync(PortalDbContext db, CampaignAudience audience, DateTime utcNow, CancellationToken cancellationToken)
    {
        if (audience.ExcludeFailedWithinDays is not (> 0 and var days))
        {
            return new HashSet<string>();
        }

        var since = utcNow.AddDays(-days);
        var numbers = await db.Messages.AsNoTracking()
            .Where(m => (m.Status == MessageStatus.Failed || m.Status == MessageStatus.Undelivered)
                && (m.FailureReason == FailureReason.InvalidPhoneNumber || m.FailureReason == FailureReason.NotMobileNumber)
                && (m.FailedAt ?? m.OccurredAt) >= since)
            .Join(db.Threads, m => m.ThreadId, t => t.Id, (m, t) => t.CustomerId)
            .Join(db.Customers, id => id, c => c.Id, (id, c) => c.Phone)
            .Where(phone => phone != null)
            .Distinct()
            .ToListAsync(cancellationToken);
        return numbers.ToHashSet(StringComparer.Ordinal)!;
    }
}
