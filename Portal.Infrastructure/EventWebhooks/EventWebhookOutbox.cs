using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Abstractions;
using Portal.Core.EventWebhooks;
using Portal.Core.Realtime;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.EventWebhooks;

/// <summary>
/// Turns an event published by this instance into one stored delivery per matching subscription, in one save, then
/// hands each to a job. Events relayed from other instances never come here, so each event is delivered once.
/// </summary>
public sealed class EventWebhookOutbox(
    IDbContextFactory<PortalDbContext> dbFactory,
    SubscriptionRoutes routes,
    IJobScheduler jobs,
    TimeProvider clock,
    ILogger<EventWebhookOutbox> logger) : IEventWebhookOutbox
{
    public async Task RecordAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken = default)
    {
        var type = EventWebhookPayloads.TypeOf(conversationEvent);
        if (type == EventWebhookTypes.None || conversationEvent.WebhooksStored)
        {
            return;
        }

        try
        {
            try
            {
                await StoreAndScheduleAsync(conversationEvent, cancellationToken);
            }
            catch (DbUpdateException e)
            {
                // Most likely a subscription deleted on another instance while this one still had it cached: one
                // missing row must not cost every other subscriber the event.
                logger.LogInformation(e, "Storing {EventType} webhooks failed; trying again with the subscriptions read afresh", type);
                routes.Invalidate();
                await StoreAndScheduleAsync(conversationEvent, cancellationToken);
            }
        }
        catch (Exception e)
        {
            // A subscription deleted meanwhile (a foreign key), or the database away: the change itself stands.
            logger.LogWarning(e, "Could not record {EventType} webhooks for thread {ThreadId}", type, conversationEvent.ThreadId);
        }
    }

    /// <summary>
    /// Stores the deliveries of <paramref name="events"/> in the caller's transaction, so a crash after the change commits
    /// cannot lose them (the sweep gives any without a job one). Returns the events marked as stored, and the deliveries
    /// to hand to jobs once the transaction commits. On failure nothing is staged and the events go the usual way.
    /// </summary>
    public async Task<(List<ConversationEvent> Events, List<Guid> Deliveries)> StageAsync(
        PortalDbContext db, IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken)
    {
        var staged = new List<WebhookDelivery>();
        foreach (var conversationEvent in events)
        {
            staged.AddRange(await DeliveriesForAsync(conversationEvent, cancellationToken));
        }

        if (staged.Count == 0)
        {
            return ([.. events], []);
        }

        try
        {
            db.WebhookDeliveries.AddRange(staged);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // A subscription deleted meanwhile: the change commits without them, and its events store them after it.
            db.ChangeTracker.Clear();
            routes.Invalidate();
            logger.LogInformation(e, "Event webhooks could not be stored with the change; they are stored after it");
            return ([.. events], []);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return ([.. events.Select(e => e with { WebhooksStored = true })], [.. staged.Select(d => d.Id)]);
    }

    /// <summary>Hands staged deliveries to jobs, once their transaction committed.</summary>
    public async Task ScheduleAsync(IReadOnlyList<Guid> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await HandToJobsAsync(db, deliveries, cancellationToken);
        }
        catch (Exception e)
        {
            // Stored already: the sweep gives each a job once it is overdue.
            logger.LogWarning(e, "Could not hand {Count} event webhook deliveries to jobs; the sweep will", deliveries.Count);
        }
    }

    private async Task StoreAndScheduleAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken)
    {
        var deliveries = await DeliveriesForAsync(conversationEvent, cancellationToken);
        if (deliveries.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        await HandToJobsAsync(db, [.. deliveries.Select(d => d.Id)], cancellationToken);
    }

    /// <summary>One delivery per subscription to the event's type in its department; none (and no payload built) when nobody subscribed.</summary>
    private async Task<List<WebhookDelivery>> DeliveriesForAsync(ConversationEvent conversationEvent, CancellationToken cancellationToken)
    {
        var type = EventWebhookPayloads.TypeOf(conversationEvent);
        if (type == EventWebhookTypes.None || conversationEvent.WebhooksStored)
        {
            return [];
        }

        var matching = await routes.ForAsync(conversationEvent.DepartmentId, type, cancellationToken);
        if (matching.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var payload = EventWebhookPayloads.Build(conversationEvent, type, now);
        return [.. matching.Select(route => new WebhookDelivery
        {
            SubscriptionId = route.SubscriptionId,
            EventType = EventWebhookTypeNames.Name(type),
            Payload = payload,
            NextAttemptAt = now.UtcDateTime,
        })];
    }

    private async Task HandToJobsAsync(PortalDbContext db, IReadOnlyList<Guid> deliveries, CancellationToken cancellationToken)
    {
        foreach (var id in deliveries)
        {
            var jobId = jobs.ScheduleEventWebhook(id);
            await db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.JobId, jobId), cancellationToken);
        }
    }
}
