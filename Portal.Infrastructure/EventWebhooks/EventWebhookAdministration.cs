using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;
using Portal.Core.Common;
using Portal.Core.EventWebhooks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.EventWebhooks;

internal sealed class EventWebhookAdministration(
    IDbContextFactory<PortalDbContext> dbFactory,
    ISecretProtector secrets,
    SubscriptionRoutes routes,
    IJobScheduler jobs,
    IOptions<EventWebhookOptions> options,
    TimeProvider clock,
    ILogger<EventWebhookAdministration> logger) : IEventWebhookAdministration
{
    public async Task<IReadOnlyList<WebhookSubscriptionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var names = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return [.. subscriptions
            .Select(s => new WebhookSubscriptionSummary(s.Id, s.DepartmentId, names.GetValueOrDefault(s.DepartmentId, "(removed)"), s.Url, s.EventTypes,
                s.Enabled, s.DisabledReason, s.CreatedAt, s.CreatedBy))
            .OrderBy(s => s.Department).ThenBy(s => s.CreatedAt)];
    }

    public async Task<WebhookSecret> CreateAsync(EventWebhookInput input, string createdBy, CancellationToken cancellationToken = default)
    {
        var url = input.Url?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (WebhookUrlPolicy.Refusal(url, options.Value.AllowPrivateAddresses) is { } refusal)
        {
            errors[nameof(EventWebhookInput.Url)] = [refusal];
        }

        if ((input.EventTypes & EventWebhookTypes.All) == EventWebhookTypes.None)
        {
            errors[nameof(EventWebhookInput.EventTypes)] = ["Choose at least one event."];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Departments.AnyAsync(d => d.Id == input.DepartmentId, cancellationToken))
        {
            errors[nameof(EventWebhookInput.DepartmentId)] = ["Choose the department whose events this endpoint receives."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var secret = NewSecret();
        var subscription = new WebhookSubscription
        {
            DepartmentId = input.DepartmentId,
            Url = url,
            EventTypes = input.EventTypes & EventWebhookTypes.All,
            ProtectedSecret = secrets.Protect(secret),
            CreatedBy = createdBy,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        routes.Invalidate();
        logger.LogInformation("Event webhook {SubscriptionId} to {Endpoint} for department {DepartmentId} created by {CreatedBy}",
            subscription.Id, EventWebhookDeliverer.EndpointOf(url), input.DepartmentId, createdBy);
        return new WebhookSecret(subscription.Id, secret);
    }

    public async Task SetEnabledAsync(Guid subscriptionId, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await FindAsync(db, subscriptionId, cancellationToken);
        subscription.Enabled = enabled;
        subscription.DisabledReason = null;
        await db.SaveChangesAsync(cancellationToken);
        routes.Invalidate();
        logger.LogInformation("Event webhook {SubscriptionId} {Change}", subscriptionId, enabled ? "enabled" : "disabled");
    }

    public async Task DeleteAsync(Guid subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await FindAsync(db, subscriptionId, cancellationToken);
        foreach (var jobId in await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscriptionId && d.Status == WebhookDeliveryStatus.Pending)
            .Select(d => d.JobId).ToListAsync(cancellationToken))
        {
            jobs.Delete(jobId);
        }

        db.WebhookSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        routes.Invalidate();
        logger.LogInformation("Event webhook {SubscriptionId} to {Endpoint} deleted", subscriptionId, EventWebhookDeliverer.EndpointOf(subscription.Url));
    }

    public async Task<WebhookSecret> RotateSecretAsync(Guid subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await FindAsync(db, subscriptionId, cancellationToken);
        var secret = NewSecret();
        subscription.PreviousProtectedSecret = subscription.ProtectedSecret;
        subscription.PreviousSecretUntil = clock.GetUtcNow().UtcDateTime + options.Value.SecretRotationGrace;
        subscription.ProtectedSecret = secrets.Protect(secret);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Event webhook {SubscriptionId}: signing secret rotated; the old one also signs until {Until}", subscriptionId, subscription.PreviousSecretUntil);
        return new WebhookSecret(subscriptionId, secret);
    }

    public async Task<IReadOnlyList<WebhookDeliveryView>> ListDeliveriesAsync(Guid? subscriptionId = null, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking();
        if (subscriptionId is { } id)
        {
            query = query.Where(d => d.SubscriptionId == id);
        }

        var deliveries = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(take, 1, 500))
            .Include(d => d.Attempts)
            .ToListAsync(cancellationToken);
        var ids = deliveries.Select(d => d.SubscriptionId).Distinct().ToList();
        var urls = await db.WebhookSubscriptions.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Url, cancellationToken);
        return [.. deliveries.Select(d => new WebhookDeliveryView(
            d.Id, d.WebhookId, d.SubscriptionId, urls.GetValueOrDefault(d.SubscriptionId, ""), d.EventType, d.Status, d.AttemptCount,
            d.NextAttemptAt, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt, d.Payload,
            [.. d.Attempts.OrderBy(a => a.Number).Select(a => new WebhookAttemptView(a.Number, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs))]))];
    }

    public async Task ReplayAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken) ?? throw new NotFoundException("The delivery");
        var now = clock.GetUtcNow().UtcDateTime;
        // Conditional, so an attempt that claimed the delivery meanwhile is not sent a second time alongside the replay.
        var reset = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && !(d.Status == WebhookDeliveryStatus.Pending && d.LockedUntil != null && d.LockedUntil >= now))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.AttemptsThisRound, 0)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.DeliveredAt, (DateTime?)null)
                .SetProperty(d => d.LockedUntil, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        if (reset == 0)
        {
            throw new DomainException("The delivery is being sent right now; replay it once this attempt has finished.");
        }

        jobs.Delete(delivery.JobId);
        await HandToJobAsync(db, deliveryId);
        logger.LogInformation("Webhook {WebhookId} replayed", delivery.WebhookId);
    }

    public async Task SendTestAsync(Guid subscriptionId, string requestedBy, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await FindAsync(db, subscriptionId, cancellationToken);
        if (!subscription.Enabled)
        {
            throw new DomainException("The endpoint is disabled: enable it to send it a test event.");
        }

        var now = clock.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            SubscriptionId = subscription.Id,
            EventType = EventWebhookPayloads.TestType,
            Payload = EventWebhookPayloads.BuildTest(requestedBy, now),
            NextAttemptAt = now.UtcDateTime,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        await HandToJobAsync(db, delivery.Id);
        logger.LogInformation("Webhook {WebhookId}: a test event to {Url}", delivery.WebhookId, subscription.Url);
    }

    /// <summary>A job sends the delivery; its id is kept, so a replay or a delete can remove it.</summary>
    private async Task HandToJobAsync(PortalDbContext db, Guid deliveryId)
    {
        var jobId = jobs.ScheduleEventWebhook(deliveryId);
        await db.WebhookDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(u => u.SetProperty(d => d.JobId, jobId), CancellationToken.None);
    }

    private static async Task<WebhookSubscription> FindAsync(PortalDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException("The webhook endpoint");

    /// <summary>The Standard Webhooks form: <c>whsec_</c> and 32 random bytes in base64.</summary>
    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
