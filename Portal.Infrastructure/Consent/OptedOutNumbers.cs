using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Consent;

/// <summary>
/// Consent belongs to the number, and its ledger says it: a number is opted out when the latest entry of its ledger, by
/// the time the customer acted, is an opt-out. Every question "may this number be texted?" is asked here, of the ledger
/// only: no customer record, edited or not, can hide a number's opt-out.
/// </summary>
public static class OptedOutNumbers
{
    /// <summary>Every opted-out number, as a query to filter or join with.</summary>
    public static IQueryable<string> Query(PortalDbContext db)
    {
        var entries = db.ConsentEntries.AsNoTracking();
        return entries
            .Where(e => e.Status == ConsentStatus.OptedOut
                && !entries.Any(later => later.Number == e.Number
                    && (later.ActedAt > e.ActedAt || (later.ActedAt == e.ActedAt && later.RecordedAt > e.RecordedAt))))
            .Select(e => e.Number)
            .Distinct();
    }

    /// <summary>Every opt-out the ledger holds, in effect or since reversed: what a report counts after an instant.</summary>
    public static IQueryable<Core.Consent.ConsentEntry> OptOutEntries(PortalDbContext db) =>
        db.ConsentEntries.AsNoTracking().Where(e => e.Status == ConsentStatus.OptedOut);

    /// <summary>Every opted-out number, read once (an audience plan, a lead import).</summary>
    public static async Task<HashSet<string>> AllAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        (await Query(db).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Which of <paramref name="phones"/> are opted out, in one query (a batch of recipients).</summary>
    public static async Task<HashSet<string>> AmongAsync(PortalDbContext db, IReadOnlyCollection<string> phones, CancellationToken cancellationToken) =>
        phones.Count == 0 ? [] : (await Query(db).Where(p => phones.Contains(p)).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when the number's ledger has an opt-out in effect.</summary>
    public static Task<bool> IncludesAsync(PortalDbContext db, string? phone, CancellationToken cancellationToken) =>
        phone is null ? Task.FromResult(false) : Query(db).AnyAsync(p => p == phone, cancellationToken);
}
