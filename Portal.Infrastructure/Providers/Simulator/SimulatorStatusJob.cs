using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Messages;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Providers.Simulator;

/// <summary>The Simulator's delivery report, delivered through the same status path as a provider's webhook.</summary>
public sealed class SimulatorStatusJob(IDbContextFactory<PortalDbContext> dbFactory, IMessageStatusService statuses)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 5, 10, 30], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(Guid messageId, string status, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null)
        {
            return;
        }

        if (message.ProviderMessageId is null || message.ProviderAccountId is null)
        {
            // The send has not been recorded yet: try again shortly.
            if (message.Status == MessageStatus.Sending)
            {
                throw new InvalidOperationException($"Message {messageId} has no provider id yet.");
            }

            return;
        }

        var undelivered = status == "undelivered";
        await statuses.ApplyProviderStatusAsync(
            message.ProviderAccountId.Value,
            message.ProviderMessageId,
            undelivered ? MessageStatus.Undelivered : MessageStatus.Delivered,
            undelivered ? FailureReason.UnreachableHandset : null,
            undelivered ? "30003: Simulator set this number to be unreachable" : null,
            cancellationToken);
    }
}
