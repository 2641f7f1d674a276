using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Customers;

/// <summary>
/// Merges customer records that share a number into the oldest, before the database starts refusing a second record
/// per number: every conversation (and so every message and note) moves to it, its empty fields take the others'
/// values, tags and ids in other systems are joined, and the consent it shows is its number's ledger.
/// </summary>
internal static class DuplicateCustomers
{
    public static async Task<int> MergeAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var numbers = await db.Customers.Where(c => c.Phone != null).GroupBy(c => c.Phone!).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync(cancellationToken);
        if (numbers.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var merged = 0;
        foreach (var number in numbers)
        {
            var records = await RecordsAsync(db, number, cancellationToken);
            var keeper = records[0];
            var keptIds = keeper.ExternalIds.Select(e => e.Module).ToHashSet(StringComparer.Ordinal);
            await KeepStrictestConsentAsync(db, number, records, now, cancellationToken);
            foreach (var duplicate in records.Skip(1))
            {
                await MoveConversationsAsync(db, duplicate, keeper, now, cancellationToken);
                Absorb(keeper, duplicate);
                await DeleteAsync(db, duplicate.Id, cancellationToken);
                merged++;
            }

            await Consent.NumberConsent.ShowOnAsync(db, keeper, cancellationToken);
            await SaveKeeperAsync(db, keeper, keptIds, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged;
    }

    /// <summary>
    /// The records sharing a number, oldest first, read in the columns customers had at this migration: a column a
    /// later migration adds (where a customer lives, say) is not there yet, so it is never asked for.
    /// </summary>
    private static Task<List<Customer>> RecordsAsync(PortalDbContext db, string number, CancellationToken cancellationToken) =>
        db.Customers.AsNoTracking().Where(c => c.Phone == number).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new Customer
            {
                Id = c.Id,
                FirstName = c.FirstName,
                LastName = c.LastName,
                Phone = c.Phone,
                Email = c.Email,
                Consent = c.Consent,
                ConsentChangedAt = c.ConsentChangedAt,
                ConsentSource = c.ConsentSource,
                Tags = c.Tags,
                TimeZoneId = c.TimeZoneId,
                IsUnknownContact = c.IsUnknownContact,
                Lead = new LeadProfile
                {
                    VehicleOfInterest = c.Lead.VehicleOfInterest,
                    Budget = c.Lead.Budget,
                    TimeToPurchase = c.Lead.TimeToPurchase,
                    ProcessStatus = c.Lead.ProcessStatus,
                    SalesRep = c.Lead.SalesRep,
                    Source = c.Lead.Source,
                },
                ExternalIds = c.ExternalIds.Select(e => new CustomerExternalId { Module = e.Module, Value = e.Value }).ToList(),
            })
            .ToListAsync(cancellationToken);

    private static async Task DeleteAsync(PortalDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        var id = customerId.ToString().ToUpperInvariant();
        await db.Database.ExecuteSqlAsync($"DELETE FROM CustomerExternalIds WHERE CustomerId = {id}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM Customers WHERE Id = {id}", cancellationToken);
    }

    /// <summary>The kept record, written column by column as the migration's schema has them, with the ids it gained.</summary>
    private static async Task SaveKeeperAsync(PortalDbContext db, Customer keeper, HashSet<string> keptIds, DateTime now, CancellationToken cancellationToken)
    {
        var id = keeper.Id.ToString().ToUpperInvariant();
        var (consent, tags) = (keeper.Consent.ToString(), System.Text.Json.JsonSerializer.Serialize(keeper.Tags));
        var (changedAt, at) = (keeper.ConsentChangedAt is { } changed ? Sql(changed) : null, Sql(now));
        var lead = keeper.Lead;
        await db.Database.ExecuteSqlAsync(
            $"""
            UPDATE Customers SET FirstName = {keeper.FirstName}, LastName = {keeper.LastName}, Email = {keeper.Email}, TimeZoneId = {keeper.TimeZoneId},
                IsUnknownContact = {keeper.IsUnknownContact}, Tags = {tags}, Consent = {consent}, ConsentChangedAt = {changedAt}, ConsentSource = {keeper.ConsentSource},
                LeadVehicleOfInterest = {lead.VehicleOfInterest}, LeadBudget = {lead.Budget}, LeadTimeToPurchase = {lead.TimeToPurchase},
                LeadProcessStatus = {lead.ProcessStatus}, LeadSalesRep = {lead.SalesRep}, LeadSource = {lead.Source}, UpdatedAt = {at}
            WHERE Id = {id}
            """,
            cancellationToken);
        foreach (var gained in keeper.ExternalIds.Where(e => !keptIds.Contains(e.Module)))
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO CustomerExternalIds (CustomerId, Module, Value) VALUES ({id}, {gained.Module}, {gained.Value})", cancellationToken);
        }
    }

    private static string Sql(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A number with no ledger yet keeps what its records showed, the strictest first: an opt-out is never lost.</summary>
    private static async Task KeepStrictestConsentAsync(PortalDbContext db, string number, List<Customer> records, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.ConsentEntries.AnyAsync(e => e.Number == number, cancellationToken)
            || records.OrderByDescending(r => r.Consent == ConsentStatus.OptedOut).FirstOrDefault(r => r.Consent != ConsentStatus.Unknown) is not { } strictest)
        {
            return;
        }

        db.ConsentEntries.Add(new Core.Consent.ConsentEntry
        {
            Number = number,
            Status = strictest.Consent,
            ActedAt = strictest.ConsentChangedAt ?? now,
            RecordedAt = now,
            Source = Core.Consent.ConsentSource.Staff,
            RecordedBy = "Merge of duplicate records",
            Detail = strictest.ConsentSource ?? "as the record showed",
        });
    }

    /// <summary>
    /// Runs on the schema of its migration, not today's: threads are read and changed column by column, so a column a
    /// later migration adds to them is never asked for here.
    /// </summary>
    private static async Task MoveConversationsAsync(PortalDbContext db, Customer from, Customer to, DateTime now, CancellationToken cancellationToken)
    {
        var threads = await db.Threads.Where(t => t.CustomerId == from.Id).Select(t => new { t.Id, t.DepartmentId, t.Status }).ToListAsync(cancellationToken);
        var keeperOpen = await db.Threads.Where(t => t.CustomerId == to.Id && t.Status != ThreadStatus.Closed).Select(t => t.DepartmentId).ToListAsync(cancellationToken);
        foreach (var thread in threads)
        {
            // One open conversation per department and customer: the second one is closed, its messages kept.
            if (thread.Status != ThreadStatus.Closed && keeperOpen.Contains(thread.DepartmentId))
            {
                await db.Threads.Where(t => t.Id == thread.Id).ExecuteUpdateAsync(
                    t => t.SetProperty(x => x.Status, ThreadStatus.Closed).SetProperty(x => x.ClosedAt, now), cancellationToken);
                await AddSystemLineAsync(db, thread.Id, $"Closed when {from.DisplayName}'s record was merged into {to.DisplayName}'s (one customer per number)", now, cancellationToken);
            }
            else if (thread.Status != ThreadStatus.Closed)
            {
                keeperOpen.Add(thread.DepartmentId);
            }

            await db.Threads.Where(t => t.Id == thread.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.CustomerId, to.Id), cancellationToken);
        }
    }

    /// <summary>The conversation's line about the merge, written in the columns messages had then (a later migration adds more).</summary>
    private static Task AddSystemLineAsync(PortalDbContext db, Guid threadId, string text, DateTime now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7().ToString().ToUpperInvariant();
        var thread = threadId.ToString().ToUpperInvariant();
        var at = Sql(now);
        var (direction, kind, author, status) = (nameof(MessageDirection.Internal), nameof(MessageKind.SystemEvent), nameof(AuthorType.System), nameof(MessageStatus.Received));
        return db.Database.ExecuteSqlAsync(
            $"INSERT INTO Messages (Id, ThreadId, Direction, Kind, Body, AuthorType, Status, Attempts, OccurredAt, ReceivedAt, Revision, IsAutomated, Metadata, Attachments, CreatedAt, UpdatedAt) VALUES ({id}, {thread}, {direction}, {kind}, {text}, {author}, {status}, 0, {at}, {at}, 0, 0, '{{}}', '[]', {at}, {at})",
            cancellationToken);
    }

    private static void Absorb(Customer keeper, Customer duplicate)
    {
        keeper.FirstName = Pick(keeper.FirstName, duplicate.FirstName);
        keeper.LastName = Pick(keeper.LastName, duplicate.LastName);
        keeper.Email ??= duplicate.Email;
        keeper.TimeZoneId ??= duplicate.TimeZoneId;
        keeper.IsUnknownContact = keeper.IsUnknownContact && duplicate.IsUnknownContact;
        keeper.Lead.VehicleOfInterest ??= duplicate.Lead.VehicleOfInterest;
        keeper.Lead.Budget ??= duplicate.Lead.Budget;
        keeper.Lead.TimeToPurchase ??= duplicate.Lead.TimeToPurchase;
        keeper.Lead.ProcessStatus ??= duplicate.Lead.ProcessStatus;
        keeper.Lead.SalesRep ??= duplicate.Lead.SalesRep;
        keeper.Lead.Source ??= duplicate.Lead.Source;
        keeper.Tags = [.. keeper.Tags.Concat(duplicate.Tags).Distinct(StringComparer.OrdinalIgnoreCase)];
        foreach (var id in duplicate.ExternalIds.Where(d => keeper.ExternalId(d.Module) is null))
        {
            keeper.SetExternalId(id.Module, id.Value);
        }
    }

    private static string Pick(string kept, string other) => string.IsNullOrWhiteSpace(kept) ? other : kept;
}
