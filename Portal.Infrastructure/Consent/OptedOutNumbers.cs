using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Consent;

/// <summary>
/// Consent belongs to the number, not to a customer record: a number is opted out when any customer record with it
/// is. Every question "may this number be texted?" is asked here.
/// </summary>
public static class OptedOutNumbers
{
    /// <summary>Every opted-out number, as a query to filter or join with.</summary>
    public static IQueryable<string> Query(PortalDbContext db) =>
        db.Customers.AsNoTracking().Where(c => c.Consent == ConsentStatus.OptedOut && c.Phone != null).Select(c => c.Phone!);

    /// <summary>Every opted-out number, read once (an audience plan, a lead import).</summary>
    public static async Task<HashSet<string>> AllAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        (await Query(db).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Which of <paramref name="phones"/> are opted out, in one query (a batch of recipients).</summary>
    public static async Task<HashSet<string>> AmongAsync(PortalDbContext db, IReadOnlyCollection<string> phones, CancellationToken cancellationToken) =>
        phones.Count == 0 ? [] : (await Query(db).Where(p => phones.Contains(p)).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The latest opt-out of this number on another customer record: a new or edited record with the number inherits it.</summary>
    public static Task<Customer?> LatestOptOutAsync(PortalDbContext db, string phone, Guid exceptCustomerId, CancellationToken cancellationToken) =>
        db.Customers.AsNoTracking()
            .Where(c => c.Phone == phone && c.Id != exceptCustomerId && c.Consent == ConsentStatus.OptedOut)
            .OrderByDescending(c => c.ConsentChangedAt)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>True when any customer record with this number has opted out.</summary>
    public static Task<bool> IncludesAsync(PortalDbContext db, string? phone, CancellationToken cancellationToken) =>
        phone is null ? Task.FromResult(false) : Query(db).AnyAsync(p => p == phone, cancellationToken);
}
