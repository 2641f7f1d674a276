using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Consent;

/// <summary>
/// Consent belongs to the number, not to a customer row: an opt-out or opt-in changes every customer with that number,
/// across departments and providers, with a line in each of their open threads saying what changed it, and an event for
/// every department that has a conversation with them.
/// Works inside the caller's unit of work; the caller saves.
/// </summary>
internal static class ConsentChanges
{
    public static async Task ApplyAsync(
        PortalDbContext db, string phone, ConsentStatus consent, string how, string source, DateTime now, AfterCommit after,
        CancellationToken cancellationToken, Customer? unsavedCustomer = null, ConversationThread? unsavedThread = null)
    {
        var customers = await db.Customers.Where(c => c.Phone == phone).ToListAsync(cancellationToken);
        if (unsavedCustomer is not null && !customers.Contains(unsavedCustomer))
        {
            customers.Add(unsavedCustomer);
        }

        var changed = customers.Where(c => c.Consent != consent).ToList();
        if (changed.Count == 0)
        {
            return;
        }

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

        foreach (var customer in changed)
        {
            customer.Consent = consent;
            customer.ConsentChangedAt = now;
            customer.ConsentSource = source;
            foreach (var thread in threads.Where(t => t.CustomerId == customer.Id))
            {
                var text = consent == ConsentStatus.OptedOut
                    ? $"{customer.DisplayName} opted out of texts ({how})"
                    : $"{customer.DisplayName} opted in to texts ({how})";
                var line = Message.Create(thread.Id, MessageDirection.Internal, MessageKind.SystemEvent, text, MessageStatus.Received, now);
                line.AuthorType = AuthorType.System;
                db.Messages.Add(line);
                after.Events.Add(ConversationEvents.MessageAdded(line, thread, customer));
                after.Events.Add(ConversationEvents.ThreadUpdated(thread, customer,
                    change: consent == ConsentStatus.OptedOut ? ThreadChange.CustomerOptedOut : ThreadChange.CustomerOptedIn));
            }

            foreach (var thread in closedOnly.Where(t => t.CustomerId == customer.Id))
            {
                after.Events.Add(ConversationEvents.ThreadUpdated(thread, customer,
                    change: consent == ConsentStatus.OptedOut ? ThreadChange.CustomerOptedOut : ThreadChange.CustomerOptedIn));
            }
        }
    }

}
