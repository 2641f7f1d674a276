using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Consent;

/// <summary>
/// Writes a number's consent ledger. Consent belongs to the number, not to a customer row: an entry that changes the
/// number's consent shows on every customer with that number, across departments and providers, with a line in each of
/// their open threads saying what changed it, and an event for every department that has a conversation with them.
/// Works inside the caller's unit of work; the caller saves.
/// </summary>
internal static class NumberConsent
{
    /// <summary>Adds <paramref name="entry"/> to its number's ledger; false when the entry did not change the number's consent.</summary>
    /// <exception cref="DomainException">The entry may not be added (an opt-in over the customer's own opt-out).</exception>
    public static async Task<bool> RecordAsync(
        PortalDbContext db, ConsentEntry entry, string how, AfterCommit after, CancellationToken cancellationToken,
        Customer? unsavedCustomer = null, ConversationThread? unsavedThread = null)
    {
        entry.Detail = Clip(entry.Detail, ConsentEntry.MaxDetailLength);
        var ledger = await LedgerAsync(db, entry.Number, cancellationToken);
        if (ConsentLedger.Refusal(ledger, entry) is { } refusal)
        {
            throw new DomainException(refusal);
        }

        db.ConsentEntries.Add(entry);
        var inEffect = ConsentLedger.InEffect([.. ledger, entry])!;
        var customers = await db.Customers.Where(c => c.Phone == entry.Number).ToListAsync(cancellationToken);
        if (unsavedCustomer is not null && !customers.Contains(unsavedCustomer))
        {
            customers.Add(unsavedCustomer);
        }

        var changed = customers.Where(c => c.Consent != inEffect.Status).ToList();
        foreach (var customer in customers.Where(c => c.Consent == inEffect.Status))
        {
            Show(customer, inEffect);
        }

        if (changed.Count == 0)
        {
            return false;
        }

        await AnnounceAsync(db, changed, inEffect, how, after, unsavedThread, cancellationToken);
        Audit.AuditLog.Record(db, Core.Audit.AuditAction.ConsentChanged, new Actor(Guid.Empty, entry.RecordedBy ?? entry.Source.ToString()),
            $"{entry.Number} {(inEffect.Status == ConsentStatus.OptedOut ? "opted out" : inEffect.Status == ConsentStatus.OptedIn ? "opted in" : "consent unknown")}: {how} ({entry.Detail})",
            entry.RecordedAt);
        return true;
    }

    /// <summary>Shows the consent of the customer's number on a new customer or one whose number changed.</summary>
    public static async Task ShowOnAsync(PortalDbContext db, Customer customer, CancellationToken cancellationToken)
    {
        var inEffect = customer.Phone is null ? null : ConsentLedger.InEffect(await LedgerAsync(db, customer.Phone, cancellationToken));
        if (inEffect is null)
        {
            customer.Consent = ConsentStatus.Unknown;
            customer.ConsentChangedAt = null;
            customer.ConsentSource = null;
            return;
        }

        Show(customer, inEffect);
    }

    /// <summary>The number's entries, saved and not yet saved in this unit of work.</summary>
    public static async Task<List<ConsentEntry>> LedgerAsync(PortalDbContext db, string number, CancellationToken cancellationToken)
    {
        var saved = await db.ConsentEntries.Where(e => e.Number == number).ToListAsync(cancellationToken);
        return [.. saved.Union(db.ConsentEntries.Local.Where(e => e.Number == number))];
    }

    /// <summary>What the customer record shows of the entry in effect.</summary>
    public static void Show(Customer customer, ConsentEntry inEffect)
    {
        customer.Consent = inEffect.Status;
        customer.ConsentChangedAt = inEffect.ActedAt;
        customer.ConsentSource = Clip(Describe(inEffect), 200);
    }

    public static string Describe(ConsentEntry entry) =>
        entry.RecordedBy is { } who && entry.Source is ConsentSource.Staff or ConsentSource.Admin or ConsentSource.Api ? $"{who}: {entry.Detail}" : entry.Detail;

    private static async Task AnnounceAsync(
        PortalDbContext db, List<Customer> changed, ConsentEntry inEffect, string how, AfterCommit after, ConversationThread? unsavedThread, CancellationToken cancellationToken)
    {
        var consent = inEffect.Status;
        var ids = changed.Select(c => c.Id).ToList();
        var allThreads = await db.Threads.Where(t => ids.Contains(t.CustomerId)).ToListAsync(cancellationToken);
        if (unsavedThread is not null && !allThreads.Contains(unsavedThread) && ids.Contains(unsavedThread.CustomerId))
        {
            allThreads.Add(unsavedThread);
        }

        var threads = allThreads.Where(t => t.Status != ThreadStatus.Closed).ToList();
        // A department where the customer has only closed conversations still hears of the change (its integrations
        // do, through the event), without a line reopening anything.
        var closedOnly = allThreads.Where(t => t.Status == ThreadStatus.Closed)
            .GroupBy(t => (t.CustomerId, t.DepartmentId))
            .Where(g => !threads.Any(t => t.CustomerId == g.Key.CustomerId && t.DepartmentId == g.Key.DepartmentId))
            .Select(g => g.OrderByDescending(t => t.LastActivityAt).First())
            .ToList();
        var change = consent == ConsentStatus.OptedOut ? ThreadChange.CustomerOptedOut : ThreadChange.CustomerOptedIn;
        foreach (var customer in changed)
        {
            Show(customer, inEffect);
            foreach (var thread in threads.Where(t => t.CustomerId == customer.Id))
            {
                var text = consent == ConsentStatus.OptedOut
                    ? $"{customer.DisplayName} opted out of texts ({how})"
                    : $"{customer.DisplayName} opted in to texts ({how})";
                var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, text, MessageStatus.Received, inEffect.RecordedAt);
                line.AuthorType = AuthorType.System;
                db.Messages.Add(line);
                after.Events.Add(ConversationEvents.MessageAdded(line, thread, customer));
                after.Events.Add(ConversationEvents.ThreadUpdated(thread, customer, change: change));
            }

            foreach (var thread in closedOnly.Where(t => t.CustomerId == customer.Id))
            {
                after.Events.Add(ConversationEvents.ThreadUpdated(thread, customer, change: change));
            }
        }
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
