using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Common;
using Portal.Core.Customers;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Sending;

internal sealed class InboundMessageService(
    IDbContextFactory<PortalDbContext> dbFactory,
    PhoneNumberNormalizer phones,
    IConversationNotifier notifier,
    ILogger<InboundMessageService> logger) : IInboundMessageService
{
    public async Task<InboundResult> ReceiveAsync(InboundText text, CancellationToken cancellationToken = default)
    {
        // Two texts from one number at once can both try to open the thread; the loser starts again and finds it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReceiveOnceAsync(text, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                logger.LogInformation("Inbound {ProviderMessageId} raced another write; trying again", text.ProviderMessageId);
            }
        }
    }

    private async Task<InboundResult> ReceiveOnceAsync(InboundText text, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(text, cancellationToken);
        if (existing is not null)
        {
            return new InboundResult(existing, false);
        }

        if (!phones.TryNormalize(text.From, out var from))
        {
            throw new ValidationException("From", $"'{text.From}' is not a phone number.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.ProviderAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == text.ProviderAccountId, cancellationToken)
            ?? throw new NotFoundException("The provider account");
        var departmentId = account.DepartmentId
            ?? throw new DomainException($"Provider account {account.Name} is not attached to a department, so its inbound texts have no inbox.");

        var customer = await db.Customers.Where(c => c.Phone == from).OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            customer = new Customer { Phone = from, IsUnknownContact = true };
            db.Customers.Add(customer);
        }

        var thread = await db.Threads.FirstOrDefaultAsync(t => t.DepartmentId == departmentId && t.CustomerId == customer.Id && t.Status != ThreadStatus.Closed, cancellationToken);
        if (thread is null)
        {
            thread = new ConversationThread { DepartmentId = departmentId, CustomerId = customer.Id, LastActivityAt = text.ReceivedAtUtc };
            db.Threads.Add(thread);
        }
        else if (thread.Status == ThreadStatus.Snoozed)
        {
            thread.Status = ThreadStatus.Open;
        }

        var message = Message.Create(thread.Id, MessageDirection.Inbound, MessageKind.Text, text.Body, MessageStatus.Received, text.ReceivedAtUtc);
        message.AuthorType = AuthorType.Customer;
        message.ProviderAccountId = text.ProviderAccountId;
        message.ProviderMessageId = text.ProviderMessageId;
        message.Attachments = [.. text.Media];
        db.Messages.Add(message);
        thread.Touch(message);
        thread.LastInboundProviderAccountId = text.ProviderAccountId;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same delivery arrived twice at once and the unique index kept one; anything else is retried.
            var raced = await FindAsync(text, CancellationToken.None);
            if (raced is null)
            {
                throw;
            }

            return new InboundResult(raced, false);
        }

        logger.LogInformation("Inbound message {MessageId} in thread {ThreadId} from provider account {ProviderAccountId}", message.Id, thread.Id, text.ProviderAccountId);
        await notifier.PublishAsync(new ConversationEvent(ConversationEventKind.MessageAdded, departmentId, thread.Id, message.Id, MessageStatus.Received, MessageDirection.Inbound), cancellationToken);
        return new InboundResult(message, true);
    }

    private async Task<Message?> FindAsync(InboundText text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ProviderAccountId == text.ProviderAccountId && m.ProviderMessageId == text.ProviderMessageId, cancellationToken);
    }
}
