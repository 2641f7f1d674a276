using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Common;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Core.Sending;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Consent;

/// <summary>
/// STOP, START and HELP, honoured by the portal itself (SignalWire leaves it to us), and the provider's own opt-out
/// events. An opt-out holds across every department; every change leaves a line in the customer's open threads
/// saying what changed it, so consent can be proven later.
/// </summary>
public sealed class ConsentService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOutboundMessageService outbound,
    IConversationNotifier notifier,
    TimeProvider clock,
    ILogger<ConsentService> logger)
{
    public const string AppliedMarker = "consentKeywordApplied";

    /// <summary>Acts on a keyword in a stored inbound message, once; returns what it was.</summary>
    public async Task<ConsentKeyword> ApplyKeywordAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.FirstAsync(m => m.Id == messageId, cancellationToken);
        var keyword = ConsentKeywords.Classify(message.Body);
        if (keyword == ConsentKeyword.None || message.Metadata.ContainsKey(AppliedMarker))
        {
            return keyword;
        }

        // Marked in the same commit as the consent change, so a retried delivery neither skips nor repeats it.
        message.Metadata = new Dictionary<string, string>(message.Metadata) { [AppliedMarker] = keyword.ToString() };

        var thread = await db.Threads.Include(t => t.Customer).Include(t => t.Department).FirstAsync(t => t.Id == message.ThreadId, cancellationToken);
        var word = message.Body.Trim().ToUpperInvariant();
        switch (keyword)
        {
            case ConsentKeyword.OptOut:
                await ChangeAsync(db, thread.Customer!.Phone!, ConsentStatus.OptedOut, $"replied {word}", $"Keyword {word} in message {message.Id}", cancellationToken);
                break;
            case ConsentKeyword.OptIn:
                await ChangeAsync(db, thread.Customer!.Phone!, ConsentStatus.OptedIn, $"replied {word}", $"Keyword {word} in message {message.Id}", cancellationToken);
                break;
            case ConsentKeyword.Help when !thread.Customer!.IsOptedOut:
                var help = thread.Department!.HelpText ?? $"{thread.Department.Name}: reply STOP to opt out of texts.";
                try
                {
                    await outbound.QueueAsync(DepartmentScope.For(Guid.Empty, [Roles.Admin], []), thread.Id,
                        new ComposeRequest(help, ConfirmOutsideSendingHours: true, AuthorType: AuthorType.System, IdempotencyKey: $"help-reply:{message.Id}"),
                        new Actor(Guid.Empty, "Automatic reply"), cancellationToken);
                }
                catch (DomainException e)
                {
                    logger.LogWarning("No HELP reply for message {MessageId} of thread {ThreadId}: {Reason}", message.Id, thread.Id, e.Message);
                }

                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return keyword;
    }

    /// <summary>Sets the consent of every customer with this number, with a line in each of their open threads.</summary>
    public async Task ChangeAsync(PortalDbContext db, string phone, ConsentStatus consent, string how, string source, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var customers = await db.Customers.Where(c => c.Phone == phone).ToListAsync(cancellationToken);
        var changed = customers.Where(c => c.Consent != consent).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var ids = changed.Select(c => c.Id).ToList();
        var threads = await db.Threads.Where(t => ids.Contains(t.CustomerId) && t.Status != ThreadStatus.Closed).ToListAsync(cancellationToken);
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
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Consent of {Phone} is now {Consent}: {Source}", MaskPhone(phone), consent, source);
        foreach (var thread in threads)
        {
            await notifier.PublishAsync(new ConversationEvent(ConversationEventKind.ThreadUpdated, thread.DepartmentId, thread.Id), cancellationToken);
        }
    }

    private static string MaskPhone(string phone) => phone.Length > 4 ? $"…{phone[^4..]}" : phone;
}
