using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Messages;
using Portal.Core.Realtime;
using Portal.Core.Threads;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Sending;

internal sealed class MessageStatusService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IConversationNotifier notifier,
    TimeProvider clock,
    ILogger<MessageStatusService> logger) : IMessageStatusService
{
    public async Task<bool> ApplyProviderStatusAsync(Guid providerAccountId, string providerMessageId, MessageStatus status, FailureReason? reason, string? detail, CancellationToken cancellationToken = default, Guid? portalMessageId = null)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var message = await db.Messages.FirstOrDefaultAsync(m => m.ProviderAccountId == providerAccountId && m.ProviderMessageId == providerMessageId, cancellationToken);
            if (message is null && portalMessageId is { } ours)
            {
                message = await db.Messages.FirstOrDefaultAsync(m => m.Id == ours && m.ProviderAccountId == providerAccountId && m.ProviderMessageId == null, cancellationToken);
                if (message is not null)
                {
                    message.ProviderMessageId = providerMessageId;
                }
            }

            if (message is null)
            {
                logger.LogInformation("Status {Status} for unknown provider message {ProviderMessageId} of account {ProviderAccountId}", status, providerMessageId, providerAccountId);
                return false;
            }

            if (!message.TryMoveTo(status, clock.GetUtcNow().UtcDateTime))
            {
                logger.LogInformation("Ignored {Status} for message {MessageId}: it is already {Current}", status, message.Id, message.Status);
                return false;
            }

            if (status is MessageStatus.Failed or MessageStatus.Undelivered)
            {
                message.FailureReason = reason ?? FailureReason.CarrierError;
                message.FailureDetail = detail;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another report moved it first; re-read and decide again.
                continue;
            }

            var departmentId = await db.Threads.Where(t => t.Id == message.ThreadId).Select(t => t.DepartmentId).FirstAsync(cancellationToken);
            logger.LogInformation("Message {MessageId} of thread {ThreadId} is {Status} (provider {ProviderAccountId})", message.Id, message.ThreadId, status, providerAccountId);
            await notifier.PublishAsync(new ConversationEvent(ConversationEventKind.MessageStatusChanged, departmentId, message.ThreadId, message.Id, status, message.Direction), cancellationToken);
            return true;
        }

        return false;
    }
}
