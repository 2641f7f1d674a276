using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Consent;
using Portal.Core.Customers;
using Portal.Core.Realtime;
using Portal.Core.Security;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Consent;

internal sealed class ConsentRecorder(IDbContextFactory<PortalDbContext> dbFactory, IConversationNotifier notifier, TimeProvider clock) : IConsentRecorder
{
    public async Task RecordAsync(DepartmentScope scope, Guid customerId, ConsentStatus status, string? reason, Actor actor, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim();
        if (status is not (ConsentStatus.OptedIn or ConsentStatus.OptedOut))
        {
            throw new ValidationException("status", "Record OptedIn or OptedOut.");
        }

        if (reason is not { Length: >= 3 and <= 150 })
        {
            throw new ValidationException("reason", "Say how the customer gave or withdrew consent (3–150 characters), e.g. \"signed the sales consent form on 2026-11-30\".");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken) ?? throw new NotFoundException("The customer");
        var departments = await db.Threads.Where(t => t.CustomerId == customerId).Select(t => t.DepartmentId).Distinct().ToListAsync(cancellationToken);
        if (departments.Count > 0 && !departments.Any(scope.Allows))
        {
            throw new AccessDeniedException("The customer talks only to departments outside your reach.");
        }

        if (customer.Phone is null)
        {
            throw new ValidationException("phone", "The customer has no number to record consent for.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new ConsentEntry
        {
            Number = customer.Phone,
            Status = status,
            ActedAt = now,
            RecordedAt = now,
            Source = scope.IsAdmin ? ConsentSource.Admin : scope.UserId == Guid.Empty ? ConsentSource.Api : ConsentSource.Staff,
            RecordedBy = actor.Name,
            Detail = reason,
        };
        var after = new AfterCommit();
        await NumberConsent.RecordAsync(db, entry, $"recorded by {actor.Name}", after, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var change in after.Events)
        {
            await notifier.PublishAsync(change, CancellationToken.None);
        }
    }
}
